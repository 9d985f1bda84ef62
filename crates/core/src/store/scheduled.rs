//! Messages waiting in the outbox for the time the shop chose: listing them, and cancelling one
//! before it goes.

use rusqlite::OptionalExtension;

use super::database::Store;
use super::rows::{self, MESSAGE_VIEW_COLUMNS as COLUMNS, MESSAGE_VIEW_FROM as FROM};
use crate::error::{Error, Result};
use crate::model::{AccountId, ConversationId, MessageId, MessageView};
use crate::time_fmt::rfc3339;

/// A message still in the outbox, and what it waits for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Waiting {
    pub message_id: MessageId,
    pub account_id: AccountId,
    /// It will not go before this time (RFC 3339): a time the shop chose, or the platform's.
    pub not_before: Option<String>,
    /// The shop asked for it to go then.
    pub scheduled: bool,
    /// Why the last attempt did not send it (English; `code` says it for the window).
    pub reason: Option<String>,
    pub code: Option<String>,
}

impl Store {
    /// Every message waiting to be sent later, soonest first.
    pub fn scheduled_messages(&self) -> Result<Vec<MessageView>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} {FROM}
                 WHERE o.scheduled_at IS NOT NULL AND o.state = 'queued'
                 ORDER BY o.scheduled_at, m.id"
            ))?;
            let mut list: Vec<MessageView> = stmt
                .query_map([], rows::message_view)?
                .collect::<rusqlite::Result<_>>()?;
            rows::with_attachments(c, &mut list)?;
            Ok(list)
        })
    }

    /// Removes a message that waits to be sent later (not one already being sent); its
    /// conversation.
    pub fn cancel_scheduled(&self, message: MessageId) -> Result<ConversationId> {
        self.write(|tx| {
            let conversation: Option<ConversationId> = tx
                .prepare_cached(
                    "SELECT conversation_id FROM outbox
                     WHERE message_id = ?1 AND scheduled_at IS NOT NULL AND state = 'queued'",
                )?
                .query_row([message], |r| r.get(0))
                .optional()?;
            let conversation = conversation.ok_or_else(|| {
                Error::InvalidInput(
                    "This message is no longer waiting to be sent later; it may be on its way."
                        .into(),
                )
            })?;
            tx.execute("DELETE FROM messages WHERE id = ?1", [message])?;
            Ok(conversation)
        })
    }

    /// Everything still waiting in the outbox, the soonest first.
    pub fn outbox_waiting(&self) -> Result<Vec<Waiting>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.message_id, o.account_id, o.not_before, o.scheduled_at, m.error, m.error_code
                 FROM outbox o JOIN messages m ON m.id = o.message_id
                 WHERE o.state = 'queued' ORDER BY o.not_before, o.id",
            )?;
            let rows = stmt.query_map([], |r| {
                let not_before: i64 = r.get(2)?;
                Ok(Waiting {
                    message_id: r.get(0)?,
                    account_id: r.get(1)?,
                    not_before: (not_before > 0).then(|| rfc3339(not_before)),
                    scheduled: r.get::<_, Option<i64>>(3)?.is_some(),
                    reason: r.get(4)?,
                    code: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
