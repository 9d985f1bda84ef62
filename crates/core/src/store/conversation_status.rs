//! A conversation's status (open, snoozed until a time, done) and the shop's read marks, as the
//! log of shop changes applies them; and snoozes that end on their own when their time comes.

use rusqlite::{params, Connection};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, ConversationStatus};
use crate::time_fmt::now_ms;

/// Sets the status. A snooze needs a time; open and done clear it.
pub(super) fn set(
    tx: &Connection,
    conversation: ConversationId,
    status: ConversationStatus,
    until_ms: Option<i64>,
    unless_reply: bool,
    follow_up: bool,
    at: i64,
) -> Result<()> {
    let until = match status {
        ConversationStatus::Snoozed => Some(
            until_ms
                .ok_or_else(|| Error::InvalidInput("Say until when to snooze the chat.".into()))?,
        ),
        _ => None,
    };
    let changed = tx
        .prepare_cached(
            "UPDATE conversations SET status = ?2, snoozed_until = ?3,
                 snooze_unless_reply = ?4, snooze_reason = ?5, status_changed_at = ?6,
                 done_at = CASE WHEN ?2 = 'done' THEN ?6 ELSE done_at END
             WHERE id = ?1",
        )?
        .execute(params![
            conversation,
            status.as_str(),
            until,
            unless_reply,
            (status == ConversationStatus::Snoozed && follow_up).then_some("follow_up"),
            at
        ])?;
    match changed {
        0 => Err(Error::not_found("conversation", conversation)),
        _ => Ok(()),
    }
}

/// The shop has seen the chat: the unread badge goes, and on WhatsApp and Messenger the
/// customer's newest message is due to be marked read (sent by the account's sync task).
pub(super) fn read(tx: &Connection, id: ConversationId) -> Result<()> {
    let changed = tx.execute(
        "UPDATE conversations SET unread = 0,
             read_receipt_due = CASE WHEN (SELECT channel FROM accounts WHERE id = account_id) IN ('whatsapp', 'messenger')
                 THEN (SELECT m.remote_id FROM messages m
                       WHERE m.conversation_id = conversations.id AND m.direction = 'in'
                             AND m.remote_id IS NOT NULL
                       ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)
                 ELSE read_receipt_due END
         WHERE id = ?1",
        params![id],
    )?;
    match changed {
        0 => Err(Error::not_found("conversation", id)),
        _ => Ok(()),
    }
}

/// The badge comes back (at least one unread), as WhatsApp's "mark as unread".
pub(super) fn unread(tx: &Connection, id: ConversationId) -> Result<()> {
    let changed = tx.execute(
        "UPDATE conversations SET unread = MAX(unread, 1) WHERE id = ?1",
        [id],
    )?;
    match changed {
        0 => Err(Error::not_found("conversation", id)),
        _ => Ok(()),
    }
}

/// A snooze whose time came: the chat is open again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnoozeEnded {
    pub conversation_id: ConversationId,
    /// It was a follow-up: the customer did not answer in time.
    pub follow_up: bool,
}

impl Store {
    /// Reads the chat on this computer (tests and tools; the window goes through the log).
    pub fn mark_read(&self, id: ConversationId) -> Result<()> {
        self.write(|tx| read(tx, id))
    }

    pub fn mark_unread(&self, id: ConversationId) -> Result<()> {
        self.write(|tx| unread(tx, id))
    }

    /// Ends the snoozes whose time has come (each chat is open again). They are derived from
    /// the time, the same on every desktop, so they are not changes of the log.
    pub fn end_due_snoozes(&self) -> Result<Vec<SnoozeEnded>> {
        let now = now_ms();
        self.write(|tx| {
            let ended: Vec<SnoozeEnded> = tx
                .prepare_cached(
                    "SELECT id, snooze_reason = 'follow_up' FROM conversations
                     WHERE status = 'snoozed' AND snoozed_until <= ?1",
                )?
                .query_map([now], |r| {
                    Ok(SnoozeEnded {
                        conversation_id: r.get(0)?,
                        follow_up: r.get::<_, Option<bool>>(1)?.unwrap_or(false),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            tx.prepare_cached(
                "UPDATE conversations SET status = 'open', snoozed_until = NULL,
                     snooze_reason = NULL, status_changed_at = ?1
                 WHERE status = 'snoozed' AND snoozed_until <= ?1",
            )?
            .execute([now])?;
            Ok(ended)
        })
    }

    /// When the next snooze ends (Unix ms), if any chat is snoozed.
    pub fn next_snooze_end(&self) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT MIN(snoozed_until) FROM conversations WHERE status = 'snoozed'",
                [],
                |r| r.get(0),
            )?)
        })
    }
}

#[cfg(test)]
#[path = "conversation_status_tests.rs"]
mod tests;
