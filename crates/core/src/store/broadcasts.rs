//! Broadcasts: one message to the customers of a label (or a hand-picked list) who agreed to
//! its topic. The pre-flight is the one lawful check every bulk message passes (consent in
//! force, not withdrawn, not blocked, and what each platform allows: WhatsApp's 24 h window or
//! an approved template, no marketing on Messenger in the EU, a Telegram user who started the
//! bot). Queueing runs it again inside the transaction that queues, records every member of
//! the audience once (primary key: a second `send` after a crash queues nobody twice), and
//! hands each message to the outbox, which sends it once or shows its fate as unknown.
//!
//! A broadcast message is stored in the customer's chat but does not move the chat up the list
//! nor answer the customer: chats appear among the conversations again only when the customer
//! writes back.

use rusqlite::{params, Connection, OptionalExtension};

use super::consents::topic_name;
use super::database::Store;
use super::preflight::may_receive;
use super::rows;
use crate::auto_reply::legal::inside_standard_window;
use crate::error::{Error, Result};
use crate::hours::wording::known_language;
use crate::model::{
    Audience, Broadcast, BroadcastRecipient, BroadcastReport, ChannelKind, ConversationId,
    ExclusionReason, MessageStatus, Preflight, TemplateChoice,
};
use crate::reach::language::of_phone;
use crate::reach::opt_out;
use crate::time_fmt::rfc3339;

/// Up to this many customers in one broadcast.
pub const MAX_AUDIENCE: usize = 10_000;

/// What a broadcast is, as the owner composes it.
pub struct NewBroadcast<'a> {
    pub topic: &'a str,
    pub audience: &'a Audience,
    pub text: &'a str,
    pub template: Option<&'a TemplateChoice>,
}

fn audience_json(a: &Audience) -> Result<String> {
    serde_json::to_string(a).map_err(|e| Error::Internal(e.to_string()))
}

fn broadcast_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Broadcast, Option<String>)> {
    let audience: String = r.get(3)?;
    Ok((
        Broadcast {
            id: r.get(0)?,
            topic: r.get(1)?,
            text: r.get(2)?,
            audience: serde_json::from_str(&audience)
                .unwrap_or(Audience::Conversations { ids: Vec::new() }),
            template_name: r.get(4)?,
            template_language: r.get(5)?,
            created_at: rfc3339(r.get(6)?),
            queued_at: r.get::<_, Option<i64>>(7)?.map(rfc3339),
        },
        r.get(8)?,
    ))
}

const BROADCAST_COLUMNS: &str = "id, topic, text, audience, template_name, template_language,
    created_at, queued_at, template";

/// The conversations an audience names, each once, in a stable order.
fn members(c: &Connection, audience: &Audience) -> Result<Vec<ConversationId>> {
    let ids: Vec<ConversationId> = match audience {
        Audience::Label { name } => {
            let mut stmt = c.prepare_cached(
                "SELECT cl.conversation_id FROM conversation_labels cl
                 JOIN labels l ON l.id = cl.label_id
                 WHERE l.name = ?1 COLLATE NOCASE OR l.id = ?1 ORDER BY cl.conversation_id",
            )?;
            let ids = stmt
                .query_map([name], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ids
        }
        Audience::Conversations { ids } => {
            let mut ids = ids.clone();
            ids.sort_unstable();
            ids.dedup();
            for id in &ids {
                let known = c
                    .prepare_cached("SELECT 1 FROM conversations WHERE id = ?1")?
                    .query_row([id], |_| Ok(()))
                    .optional()?;
                if known.is_none() {
                    return Err(Error::not_found("conversation", id));
                }
            }
            ids
        }
    };
    Ok(ids)
}

fn recipient(
    c: &Connection,
    conversation: ConversationId,
    reason: Option<ExclusionReason>,
) -> Result<BroadcastRecipient> {
    Ok(c.prepare_cached(
        "SELECT cv.title, a.channel FROM conversations cv JOIN accounts a ON a.id = cv.account_id
             WHERE cv.id = ?1",
    )?
    .query_row([conversation], |r| {
        Ok(BroadcastRecipient {
            conversation_id: conversation,
            title: r.get(0)?,
            channel: rows::channel(r, 1)?,
            reason,
            status: None,
            error: None,
        })
    })?)
}

/// Who the audience is and, for each, whether they may receive it now.
fn sort_audience(
    c: &Connection,
    b: &Broadcast,
    has_template: bool,
    now: i64,
) -> Result<(Vec<BroadcastRecipient>, Vec<BroadcastRecipient>)> {
    let (mut recipients, mut excluded) = (Vec::new(), Vec::new());
    for id in members(c, &b.audience)? {
        match may_receive(c, id, &b.topic, has_template, now)? {
            Ok(()) => recipients.push(recipient(c, id, None)?),
            Err(reason) => excluded.push(recipient(c, id, Some(reason))?),
        }
    }
    Ok((recipients, excluded))
}

impl Store {
    /// Saves a broadcast as a draft (nothing is sent until `queue_broadcast`).
    pub fn create_broadcast(&self, new: &NewBroadcast<'_>, now: i64) -> Result<Broadcast> {
        let topic = topic_name(new.topic)?;
        let text = new.text.trim();
        if text.is_empty() && new.template.is_none() {
            return Err(Error::InvalidInput(
                "Write the message, or choose an approved template.".into(),
            ));
        }
        if text.chars().count() > 4000 {
            return Err(Error::InvalidInput(
                "The message is too long for every channel: keep it under 4,000 characters.".into(),
            ));
        }
        let audience = audience_json(new.audience)?;
        let template = new
            .template
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::Internal(e.to_string()))?;
        let id = self.write(|tx| {
            let size = members(tx, new.audience)?.len();
            if size == 0 {
                return Err(Error::InvalidInput(
                    "Nobody is in this audience: choose a label with chats, or pick chats.".into(),
                ));
            }
            if size > MAX_AUDIENCE {
                return Err(Error::InvalidInput(format!(
                    "A broadcast reaches up to {MAX_AUDIENCE} customers; this audience has {size}."
                )));
            }
            tx.prepare_cached(
                "INSERT INTO broadcasts (topic, text, audience, template_name, template_language,
                                         template, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            )?
            .query_row(
                params![
                    topic,
                    text,
                    audience,
                    new.template.map(|t| t.name.as_str()),
                    new.template.map(|t| t.language.as_str()),
                    template,
                    now
                ],
                |r| r.get::<_, i64>(0),
            )
            .map_err(Error::from)
        })?;
        self.broadcast(id)
    }

    pub fn broadcast(&self, id: i64) -> Result<Broadcast> {
        self.read(|c| Ok(broadcast_of(c, id)?.0))
    }

    /// Every broadcast, newest first.
    pub fn broadcasts(&self) -> Result<Vec<Broadcast>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {BROADCAST_COLUMNS} FROM broadcasts ORDER BY id DESC"
            ))?;
            let list = stmt
                .query_map([], broadcast_row)?
                .map(|r| r.map(|(b, _)| b))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(list)
        })
    }

    /// Who would receive the broadcast now and, for everyone else, why not. Once queued, who
    /// it was queued for.
    pub fn preflight(&self, id: i64, now: i64) -> Result<Preflight> {
        self.read(|c| {
            let (broadcast, template) = broadcast_of(c, id)?;
            if broadcast.queued_at.is_some() {
                let report = report_of(c, broadcast)?;
                return Ok(Preflight {
                    broadcast: report.broadcast,
                    recipients: report.recipients,
                    excluded: report.excluded,
                });
            }
            let (recipients, excluded) = sort_audience(c, &broadcast, template.is_some(), now)?;
            Ok(Preflight {
                broadcast,
                recipients,
                excluded,
            })
        })
    }

    /// Hands the broadcast to the outbox: the pre-flight again, then one message per recipient,
    /// in one transaction. Queueing a broadcast already queued changes nothing.
    pub fn queue_broadcast(&self, id: i64, now: i64) -> Result<Preflight> {
        self.write(|tx| {
            let (broadcast, template) = broadcast_of(tx, id)?;
            if broadcast.queued_at.is_some() {
                return Ok(());
            }
            let (recipients, excluded) = sort_audience(tx, &broadcast, template.is_some(), now)?;
            for r in &excluded {
                tx.prepare_cached(
                    "INSERT INTO broadcast_recipients (broadcast_id, conversation_id, excluded)
                     VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?
                .execute(params![
                    id,
                    r.conversation_id,
                    r.reason.map(|x| x.as_str())
                ])?;
            }
            for r in &recipients {
                let message = queue_one(tx, &broadcast, template.as_deref(), r, now)?;
                tx.prepare_cached(
                    "INSERT INTO broadcast_recipients (broadcast_id, conversation_id, message_id)
                     VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?
                .execute(params![id, r.conversation_id, message])?;
            }
            tx.prepare_cached("UPDATE broadcasts SET queued_at = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
            Ok(())
        })?;
        self.preflight(id, now)
    }

    /// Per recipient: sent, delivered, read, failed (with the reason) or unknown; and totals.
    pub fn broadcast_report(&self, id: i64) -> Result<BroadcastReport> {
        self.read(|c| {
            let (broadcast, _) = broadcast_of(c, id)?;
            report_of(c, broadcast)
        })
    }
}

fn broadcast_of(c: &Connection, id: i64) -> Result<(Broadcast, Option<String>)> {
    c.prepare_cached(&format!(
        "SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = ?1"
    ))?
    .query_row([id], broadcast_row)
    .optional()?
    .ok_or_else(|| Error::not_found("broadcast", id))
}

/// One recipient's message: the text with the opt-out line in their language inside WhatsApp's
/// window (and always on Telegram), the approved template outside it. Stored in their chat
/// without moving the chat in the list.
fn queue_one(
    tx: &Connection,
    b: &Broadcast,
    template: Option<&str>,
    r: &BroadcastRecipient,
    now: i64,
) -> Result<i64> {
    let (account, language, last_customer, remote): (i64, Option<String>, Option<i64>, String) = tx
        .prepare_cached(
            "SELECT cv.account_id, ct.language, cv.last_customer_message_at, cv.remote_id
             FROM conversations cv LEFT JOIN contacts ct ON ct.id = cv.contact_id WHERE cv.id = ?1",
        )?
        .query_row([r.conversation_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?;
    // Their app's language (Telegram says it), else their WhatsApp number's country, else the
    // shop's.
    let language = language
        .as_deref()
        .and_then(known_language)
        .or_else(|| {
            (r.channel == ChannelKind::Whatsapp)
                .then(|| of_phone(&remote))
                .flatten()
        })
        .unwrap_or_else(super::auto_replies::computer_language);
    let use_template = r.channel == ChannelKind::Whatsapp
        && template.is_some()
        && (b.text.is_empty() || !inside_standard_window(last_customer, now));
    let (kind, text, template) = if use_template {
        let name = b.template_name.clone().unwrap_or_default();
        ("template", format!("[{name}]"), template)
    } else {
        ("text", opt_out::with_line(&b.text, language), None)
    };
    let message: i64 = tx
        .prepare_cached(
            "INSERT INTO messages (account_id, conversation_id, direction, kind, text, sent_at,
                                   stored_at, status, broadcast_id)
             VALUES (?1, ?2, 'out', ?3, ?4, ?5, ?5, ?6, ?7) RETURNING id",
        )?
        .query_row(
            params![
                account,
                r.conversation_id,
                kind,
                text,
                now,
                MessageStatus::Pending.as_str(),
                b.id
            ],
            |row| row.get(0),
        )?;
    tx.prepare_cached(
        "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at, template)
         VALUES (?1, ?2, ?3, 'queued', ?4, ?5)",
    )?
    .execute(params![message, account, r.conversation_id, now, template])?;
    Ok(message)
}

fn report_of(c: &Connection, broadcast: Broadcast) -> Result<BroadcastReport> {
    let mut stmt = c.prepare_cached(
        "SELECT br.conversation_id, cv.title, a.channel, br.excluded, m.status, m.error
         FROM broadcast_recipients br
         JOIN conversations cv ON cv.id = br.conversation_id
         JOIN accounts a ON a.id = cv.account_id
         LEFT JOIN messages m ON m.id = br.message_id
         WHERE br.broadcast_id = ?1 ORDER BY br.conversation_id",
    )?;
    let rows = stmt
        .query_map([broadcast.id], |r| {
            Ok(BroadcastRecipient {
                conversation_id: r.get(0)?,
                title: r.get(1)?,
                channel: rows::channel(r, 2)?,
                reason: r
                    .get::<_, Option<String>>(3)?
                    .and_then(|s| ExclusionReason::parse(&s)),
                status: r
                    .get::<_, Option<String>>(4)?
                    .and_then(|s| MessageStatus::parse(&s)),
                error: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut report = BroadcastReport {
        broadcast,
        recipients: Vec::new(),
        excluded: Vec::new(),
        waiting: 0,
        sent: 0,
        delivered: 0,
        read: 0,
        failed: 0,
        unknown: 0,
    };
    for r in rows {
        if r.reason.is_some() {
            report.excluded.push(r);
            continue;
        }
        match r.status {
            Some(MessageStatus::Sent) => report.sent += 1,
            Some(MessageStatus::Delivered) => report.delivered += 1,
            Some(MessageStatus::Read) => report.read += 1,
            Some(MessageStatus::Failed) => report.failed += 1,
            Some(MessageStatus::Unknown) => report.unknown += 1,
            _ => report.waiting += 1,
        }
        report.recipients.push(r);
    }
    Ok(report)
}

#[cfg(test)]
#[path = "broadcasts_tests.rs"]
mod tests;
