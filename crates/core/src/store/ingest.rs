//! Ingest: one batch of normalized inbound events and its cursor, committed in one transaction.
//! The message's (account, remote id) is the dedupe key, so a redelivered, retried or
//! replayed event changes nothing; edits and deletions only ever move a message forward.

use rusqlite::{params, Connection, OptionalExtension};

use super::attachments;
use super::auto_replies::{self, Asked};
use super::completion::{self, Completion};
use super::database::Store;
use super::parties::Parties;
use super::who_waits::WhoWaits;
use super::{cursors, reach_ingest, statuses};
use crate::error::Result;
use crate::inbound::{sane_time, BusinessConnection, Inbound, InboundBatch, InboundMessage};
use crate::model::{AccountId, ConversationId, Direction, MessageId, MessageStatus};
use crate::time_fmt::now_ms;

/// What a batch changed: only real changes, so events and notifications fire once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// Messages stored for the first time.
    pub messages: Vec<(ConversationId, MessageId)>,
    /// Old messages stored for the first time (history backfill): not news.
    pub backfilled: Vec<(ConversationId, MessageId)>,
    /// Messages already stored that changed (edited, deleted).
    pub changed: Vec<MessageId>,
    pub duplicates: usize,
    /// Business connections were added or changed.
    pub connections_changed: bool,
    /// Customers' names changed (the chat list shows new titles).
    pub names_changed: bool,
    /// Automatic answers queued (away, greeting, FAQ), decided with the messages they answer.
    pub automated: Vec<(ConversationId, MessageId)>,
}

impl Store {
    pub fn ingest(
        &self,
        account_id: AccountId,
        stream: &str,
        batch: &InboundBatch,
    ) -> Result<Ingested> {
        self.write(|tx| {
            let mut report = Ingested::default();
            let mut seen = Parties::default();
            let mut waits = WhoWaits::default();
            let mut asked = Vec::new();
            let mut queued = Vec::new();
            for event in &batch.events {
                if !matches!(event, Inbound::Message(_) | Inbound::Backfill(_)) {
                    // Names, business connections and the like change who a message is from.
                    seen.clear();
                }
                match event {
                    Inbound::Message(m) => {
                        match ingest_message(
                            tx,
                            &mut seen,
                            (&mut waits, &mut asked, &mut queued),
                            account_id,
                            m,
                            None,
                            true,
                        )? {
                            Some(stored) => report.messages.push(stored),
                            None => report.duplicates += 1,
                        }
                    }
                    Inbound::Backfill(m) => {
                        match ingest_message(
                            tx,
                            &mut seen,
                            (&mut waits, &mut asked, &mut queued),
                            account_id,
                            m,
                            None,
                            false,
                        )? {
                            Some(stored) => report.backfilled.push(stored),
                            None => report.duplicates += 1,
                        }
                    }
                    Inbound::Completed(m) => match completion::complete(tx, account_id, m)? {
                        Completion::Filled(id) => report.changed.push(id),
                        Completion::AlreadyWhole => report.duplicates += 1,
                        Completion::Unseen => {
                            if let Some(stored) = ingest_message(
                                tx,
                                &mut seen,
                                (&mut waits, &mut asked, &mut queued),
                                account_id,
                                m,
                                None,
                                false,
                            )? {
                                report.backfilled.push(stored);
                            }
                        }
                    },
                    Inbound::Edit {
                        message,
                        edited_at_ms,
                    } => match apply_edit(
                        tx,
                        account_id,
                        message,
                        sane_time(*edited_at_ms, now_ms()),
                    )? {
                        Edit::Applied(id) => report.changed.push(id),
                        Edit::Stale => report.duplicates += 1,
                        Edit::Unseen => {
                            if let Some(stored) = ingest_message(
                                tx,
                                &mut seen,
                                (&mut waits, &mut asked, &mut queued),
                                account_id,
                                message,
                                Some(*edited_at_ms),
                                true,
                            )? {
                                report.messages.push(stored);
                            }
                        }
                    },
                    Inbound::Delete {
                        remote_ids,
                        deleted_at_ms,
                    } => report.changed.extend(mark_deleted(
                        tx,
                        account_id,
                        remote_ids,
                        sane_time(*deleted_at_ms, now_ms()),
                    )?),
                    Inbound::BusinessConnection(c) => {
                        upsert_business_connection(tx, account_id, c)?;
                        report.connections_changed = true;
                    }
                    Inbound::Status(s) => {
                        report.changed.extend(statuses::apply_status(
                            tx,
                            account_id,
                            &statuses::sane(s),
                        )?);
                    }
                    Inbound::Reaction(r) => {
                        report.changed.extend(statuses::apply_reaction(
                            tx,
                            account_id,
                            &statuses::sane_reaction(r),
                        )?);
                    }
                    Inbound::Watermark {
                        conversation_remote_id,
                        status,
                        up_to_ms,
                    } => report.changed.extend(statuses::apply_watermark(
                        tx,
                        account_id,
                        conversation_remote_id,
                        *status,
                        sane_time(*up_to_ms, now_ms()),
                    )?),
                    Inbound::Reachability {
                        conversation_remote_id,
                        blocked,
                        at_ms,
                    } => reach_ingest::reachability(
                        tx,
                        account_id,
                        conversation_remote_id,
                        *blocked,
                        sane_time(*at_ms, now_ms()),
                    )?,
                    Inbound::MarketingPreference {
                        customer_remote_id,
                        stop,
                        at_ms,
                    } => reach_ingest::marketing_preference(
                        tx,
                        account_id,
                        customer_remote_id,
                        *stop,
                        sane_time(*at_ms, now_ms()),
                    )?,
                    Inbound::ContactPicture { remote_id, url } => {
                        statuses::set_contact_picture(tx, account_id, remote_id, url)?;
                    }
                    Inbound::ContactName(c) => {
                        if statuses::apply_contact_name(tx, account_id, c, now_ms())? {
                            report.names_changed = true;
                        }
                    }
                }
            }
            waits.apply(tx, now_ms())?;
            report.automated = auto_replies::answer(tx, &asked, now_ms())?;
            report.automated.extend(queued);
            if let Some(cursor) = &batch.cursor {
                cursors::advance(tx, account_id, stream, cursor)?;
            }
            Ok(report)
        })
    }
}

fn ingest_message(
    tx: &Connection,
    seen: &mut Parties,
    (waits, asked, queued): (
        &mut WhoWaits,
        &mut Vec<Asked>,
        &mut Vec<(ConversationId, MessageId)>,
    ),
    account_id: AccountId,
    m: &InboundMessage,
    edited_at_ms: Option<i64>,
    is_news: bool,
) -> Result<Option<(ConversationId, MessageId)>> {
    let now = now_ms();
    let (direction, sender_id, conversation_id) = seen.of(tx, account_id, m, now)?;
    // A time that cannot be right is the time it arrived, marked (inbound.rs).
    let sent_at = sane_time(m.sent_at_ms, now);
    let edited_at_ms = edited_at_ms.map(|e| sane_time(e, now));
    let stored = insert_message(
        tx,
        account_id,
        m,
        (direction, sender_id, conversation_id),
        (sent_at, now),
        edited_at_ms,
        is_news,
    )?;
    if let Some((conversation, message)) = stored {
        waits.note(conversation_id, direction, sent_at, is_news);
        // A customer's news may get an automatic answer (decided at the batch's end).
        let this = Asked {
            conversation,
            message,
            sent_at,
        };
        if is_news && direction == Direction::In {
            asked.push(this);
        }
        if direction == Direction::In {
            if let Some(id) = reach_ingest::customer_message(tx, this, m, is_news, now)? {
                queued.push((conversation, id));
            }
        }
    }
    Ok(stored)
}

fn insert_message(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
    (direction, sender_id, conversation_id): (Direction, Option<i64>, ConversationId),
    (sent_at, now): (i64, i64),
    edited_at_ms: Option<i64>,
    is_news: bool,
) -> Result<Option<(ConversationId, MessageId)>> {
    let status = match direction {
        Direction::In => MessageStatus::Received,
        Direction::Out => MessageStatus::Sent,
    };
    let inserted: Option<MessageId> = tx
        .prepare_cached(
            "INSERT INTO messages (account_id, conversation_id, remote_id, direction, sender_contact_id,
                                   kind, text, sent_at, stored_at, status, reply_to_remote_id,
                                   entities, forwarded_from, edited_at, sent_at_unsure)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (account_id, remote_id) DO NOTHING
             RETURNING id",
        )?
        .query_row(
            params![
                account_id,
                conversation_id,
                m.remote_id,
                direction.as_str(),
                sender_id,
                m.kind,
                m.text,
                sent_at,
                now,
                status.as_str(),
                m.reply_to_remote_id,
                m.entities,
                m.forwarded_from,
                edited_at_ms,
                sent_at != m.sent_at_ms
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(message_id) = inserted else {
        return Ok(None);
    };
    if direction == Direction::Out {
        statuses::apply_pending_status(tx, account_id, &m.remote_id)?;
    }

    attachments::insert_received(tx, message_id, m)?;

    // Deliveries can arrive out of order: the preview follows the newest message, not the
    // latest arrival.
    tx.prepare_cached(
        "UPDATE conversations SET
             unread = unread + ?3 * ?5,
             last_customer_message_at = CASE WHEN ?3 = 1 THEN MAX(COALESCE(last_customer_message_at, 0), ?4)
                                             ELSE last_customer_message_at END,
             last_message_id = CASE WHEN last_message_at IS NULL OR ?4 >= last_message_at THEN ?2
                                    ELSE last_message_id END,
             last_message_at = MAX(COALESCE(last_message_at, 0), ?4)
         WHERE id = ?1",
    )?
    .execute(params![
        conversation_id,
        message_id,
        i64::from(direction == Direction::In),
        sent_at,
        i64::from(is_news)
    ])?;
    // Who waits on whom follows at the batch's end (who_waits.rs); what the shop wrote from
    // elsewhere (the owner's phone, the Page's inbox) answers too.
    Ok(Some((conversation_id, message_id)))
}

enum Edit {
    Applied(MessageId),
    /// The stored version is as new or newer (a redelivered or out-of-order edit).
    Stale,
    /// We never stored the original: store the message as it is now.
    Unseen,
}

fn apply_edit(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
    edited_at_ms: i64,
) -> Result<Edit> {
    let existing: Option<(MessageId, Option<i64>)> = tx
        .prepare_cached(
            "SELECT id, edited_at FROM messages WHERE account_id = ?1 AND remote_id = ?2",
        )?
        .query_row(params![account_id, m.remote_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((id, previous)) = existing else {
        return Ok(Edit::Unseen);
    };
    if previous.is_some_and(|p| p >= edited_at_ms) {
        return Ok(Edit::Stale);
    }
    tx.prepare_cached(
        "UPDATE messages SET text = ?2, entities = ?3, edited_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, m.text, m.entities, edited_at_ms])?;
    Ok(Edit::Applied(id))
}

fn mark_deleted(
    tx: &Connection,
    account_id: AccountId,
    remote_ids: &[String],
    deleted_at_ms: i64,
) -> Result<Vec<MessageId>> {
    let mut stmt = tx.prepare_cached(
        "UPDATE messages SET deleted_at = ?3
         WHERE account_id = ?1 AND remote_id = ?2 AND deleted_at IS NULL
         RETURNING id",
    )?;
    let mut changed = Vec::new();
    for remote_id in remote_ids {
        if let Some(id) = stmt
            .query_row(params![account_id, remote_id, deleted_at_ms], |r| r.get(0))
            .optional()?
        {
            changed.push(id);
        }
    }
    Ok(changed)
}

fn upsert_business_connection(
    tx: &Connection,
    account_id: AccountId,
    c: &BusinessConnection,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO business_connections (account_id, connection_id, owner_remote_id, owner_name,
                                           can_reply, is_enabled, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account_id, connection_id) DO UPDATE SET
             owner_remote_id = excluded.owner_remote_id, owner_name = excluded.owner_name,
             can_reply = excluded.can_reply, is_enabled = excluded.is_enabled,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        account_id,
        c.connection_id,
        c.owner.remote_id,
        c.owner.display_name,
        c.can_reply,
        c.is_enabled,
        now_ms()
    ])?;
    Ok(())
}

#[cfg(test)]
#[path = "ingest_tests.rs"]
pub(crate) mod tests;
