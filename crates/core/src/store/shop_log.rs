//! The log of shop changes and the one function that applies them. Every change to the shop's
//! own state is recorded (id, time, device, kind, payload) and applied in the same
//! transaction; a change already recorded (the same id, come back through another desktop) is
//! not applied twice. Alone, that is all it does; with a hub, the same changes travel between
//! desktops and are applied here too.

use rusqlite::{params, Connection, OptionalExtension};

use super::consents::{self, Given};
use super::database::Store;
pub(super) use super::keys::{key_of, resolve};
use super::{auto_settings, conversation_status, customers, labels, notes, posters, quick_replies};
use crate::error::{Error, Result};
use crate::model::{ConversationId, ConversationKey, ShopChange};

/// What applying a change touched, for the events the window reloads on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    QuickReplies,
    Labels,
    /// A conversation's labels, status or read marks.
    Conversation(ConversationId),
    /// The notes about a conversation's customer.
    Notes(ConversationId),
    /// The opening hours.
    Hours,
    /// The away and greeting messages or the FAQ cards.
    AutoReplies,
    /// Who a conversation's customer is (merges) or what they agreed to (consent).
    Customer(ConversationId),
    /// The click-to-chat posters.
    Posters,
    /// Already in the log: nothing changed.
    Nothing,
}

/// One change as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedChange {
    pub id: String,
    pub at_ms: i64,
    pub device: String,
    pub change: ShopChange,
}

impl Store {
    /// Records `change` in the log and applies it, in one transaction.
    pub fn record_change(&self, recorded: &RecordedChange) -> Result<Applied> {
        self.write(|tx| record_in(tx, recorded))
    }

    /// The log, oldest first (for a team hub, and for tests).
    pub fn shop_changes(&self, after_seq: i64, limit: u32) -> Result<Vec<(i64, RecordedChange)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, id, at, device, payload FROM shop_changes
                 WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![after_seq, limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (seq, id, at_ms, device, payload) = row?;
                let change = serde_json::from_str(&payload).map_err(|e| {
                    Error::Internal(format!("shop change {id} cannot be read: {e}"))
                })?;
                out.push((
                    seq,
                    RecordedChange {
                        id,
                        at_ms,
                        device,
                        change,
                    },
                ));
            }
            Ok(out)
        })
    }

    /// How every desktop names `conversation`.
    pub fn conversation_key(&self, conversation: ConversationId) -> Result<ConversationKey> {
        self.read(|c| key_of(c, conversation))
    }

    /// This computer's id in the shop's log, made on first use.
    pub fn device_id(&self) -> Result<String> {
        if let Some(id) = self.setting::<Option<String>>("device_id")? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.set_setting("device_id", &Some(id.clone()))?;
        Ok(id)
    }
}

/// Records and applies `recorded` inside a transaction already open (ingest records the
/// changes a customer's message makes: a STOP, a poster's consent, a verified merge).
pub(super) fn record_in(tx: &Connection, recorded: &RecordedChange) -> Result<Applied> {
    let payload =
        serde_json::to_string(&recorded.change).map_err(|e| Error::Internal(e.to_string()))?;
    let fresh = tx
        .prepare_cached(
            "INSERT INTO shop_changes (id, at, device, kind, payload)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            recorded.id,
            recorded.at_ms,
            recorded.device,
            recorded.change.kind(),
            payload
        ])?;
    if fresh == 0 {
        return Ok(Applied::Nothing);
    }
    apply(tx, recorded)
}

/// A change this computer makes inside an open transaction, recorded in the log.
pub(super) fn record_here(tx: &Connection, change: ShopChange, at_ms: i64) -> Result<Applied> {
    let recorded = RecordedChange {
        id: uuid::Uuid::now_v7().to_string(),
        at_ms,
        device: device_in(tx)?,
        change,
    };
    record_in(tx, &recorded)
}

/// This computer's id in the shop's log, read (or made) inside a transaction.
fn device_in(tx: &Connection) -> Result<String> {
    let stored: Option<String> = tx
        .prepare_cached("SELECT value FROM settings WHERE key = 'device_id'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(id) = stored.and_then(|v| serde_json::from_str::<Option<String>>(&v).ok().flatten())
    {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    let value = serde_json::to_string(&Some(&id)).map_err(|e| Error::Internal(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES ('device_id', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([value])?;
    Ok(id)
}

/// Applies one recorded change. The only place the shop's own state changes.
fn apply(tx: &Connection, recorded: &RecordedChange) -> Result<Applied> {
    let at = recorded.at_ms;
    Ok(match &recorded.change {
        ShopChange::QuickReplySaved {
            id,
            shortcut,
            text,
            attachment,
            template,
        } => {
            quick_replies::save(
                tx,
                id,
                shortcut,
                text,
                attachment.as_ref(),
                template.as_ref(),
                at,
            )?;
            Applied::QuickReplies
        }
        ShopChange::QuickReplyRemoved { id } => {
            quick_replies::remove(tx, id)?;
            Applied::QuickReplies
        }
        ShopChange::QuickRepliesOrdered { ids } => {
            quick_replies::order(tx, ids)?;
            Applied::QuickReplies
        }
        ShopChange::LabelSaved { label } => {
            labels::save(tx, label)?;
            Applied::Labels
        }
        ShopChange::LabelRemoved { id } => {
            labels::remove(tx, id)?;
            Applied::Labels
        }
        ShopChange::Labelled {
            conversation,
            label,
        } => {
            let id = resolve(tx, conversation)?;
            labels::attach(tx, id, label, at)?;
            Applied::Conversation(id)
        }
        ShopChange::Unlabelled {
            conversation,
            label,
        } => {
            let id = resolve(tx, conversation)?;
            labels::detach(tx, id, label)?;
            Applied::Conversation(id)
        }
        ShopChange::NoteWritten {
            note_id,
            conversation,
            text,
        } => {
            let id = resolve(tx, conversation)?;
            notes::write(tx, note_id, id, text, false, at, &recorded.device)?;
            Applied::Notes(id)
        }
        ShopChange::NoteRemoved { note_id } => {
            let id = notes::remove(tx, note_id, at, &recorded.device)?;
            Applied::Notes(id)
        }
        ShopChange::StatusSet {
            conversation,
            status,
            until_ms,
            unless_reply,
            follow_up,
        } => {
            let id = resolve(tx, conversation)?;
            conversation_status::set(tx, id, *status, *until_ms, *unless_reply, *follow_up, at)?;
            Applied::Conversation(id)
        }
        ShopChange::Read { conversation } => {
            let id = resolve(tx, conversation)?;
            conversation_status::read(tx, id)?;
            Applied::Conversation(id)
        }
        ShopChange::MarkedUnread { conversation } => {
            let id = resolve(tx, conversation)?;
            conversation_status::unread(tx, id)?;
            Applied::Conversation(id)
        }
        ShopChange::HoursSet { hours } => {
            auto_settings::set_hours(tx, hours)?;
            Applied::Hours
        }
        ShopChange::AutoMessageSet { which, message } => {
            auto_settings::set_message(tx, *which, message)?;
            Applied::AutoReplies
        }
        ShopChange::FaqCardSaved { card } => {
            auto_settings::save_card(tx, card)?;
            Applied::AutoReplies
        }
        ShopChange::FaqCardRemoved { id } => {
            auto_settings::remove_card(tx, id)?;
            Applied::AutoReplies
        }
        ShopChange::FaqSwitched { on } => {
            auto_settings::switch_faq(tx, *on)?;
            Applied::AutoReplies
        }
        ShopChange::CustomersMerged {
            id,
            kept,
            joined,
            how,
            evidence,
        } => Applied::Customer(customers::merge(
            tx,
            id,
            (kept, joined),
            *how,
            evidence,
            at,
        )?),
        ShopChange::CustomerMergeUndone { id } => match customers::undo(tx, id, at)? {
            Some(conversation) => Applied::Customer(conversation),
            None => Applied::Nothing,
        },
        ShopChange::ConsentGiven {
            id,
            conversation,
            topic,
            basis,
            given_at_ms,
            source,
            wording,
            wording_version,
            proof,
        } => Applied::Customer(consents::give(
            tx,
            &Given {
                id,
                conversation,
                topic,
                basis: *basis,
                given_at: *given_at_ms,
                source,
                wording,
                wording_version: wording_version.as_deref(),
                proof: proof.as_deref(),
                device: &recorded.device,
            },
        )?),
        ShopChange::ConsentWithdrawn {
            conversation,
            topic,
            how,
            proof,
        } => {
            let (id, _) = consents::withdraw(
                tx,
                conversation,
                topic.as_deref(),
                (how, proof.as_deref()),
                at,
            )?;
            Applied::Customer(id)
        }
        ShopChange::PosterSaved { poster } => {
            posters::save(tx, poster, at)?;
            Applied::Posters
        }
        ShopChange::PosterRemoved { code } => {
            posters::remove(tx, code)?;
            Applied::Posters
        }
    })
}

#[cfg(test)]
#[path = "shop_log_tests.rs"]
mod tests;
