//! What the shop owner does to a chat besides replying: retry or discard a message that did
//! not go out, mark a chat unread again, keep a draft.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, MessageId, MessageStatus, MessageView};
use crate::time_fmt::now_ms;

/// Only a message that surely or possibly did not arrive may be retried or discarded.
fn undelivered_outgoing(tx: &Connection, id: MessageId) -> Result<(ConversationId, i64)> {
    let row: Option<(ConversationId, i64, String, String)> = tx
        .prepare_cached(
            "SELECT conversation_id, account_id, direction, status FROM messages WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (conversation, account, direction, status) =
        row.ok_or_else(|| Error::not_found("message", id))?;
    let retryable = [
        MessageStatus::Failed.as_str(),
        MessageStatus::Unknown.as_str(),
    ];
    if direction != "out" || !retryable.contains(&status.as_str()) {
        return Err(Error::InvalidInput(
            "Only a message that was not sent, or may not have been, can be retried or discarded."
                .into(),
        ));
    }
    Ok((conversation, account))
}

impl Store {
    /// Queues a failed or unknown message again, at the end of the chat's outbox. The shop owner
    /// chose this, so a message of unknown fate may now arrive twice: that is their call.
    pub fn retry(&self, id: MessageId) -> Result<MessageView> {
        self.write(|tx| {
            let (conversation, account) = undelivered_outgoing(tx, id)?;
            tx.execute(
                "UPDATE messages SET status = 'pending', error = NULL, error_code = NULL WHERE id = ?1",
                [id],
            )?;
            tx.execute(
                "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at)
                 VALUES (?1, ?2, ?3, 'queued', ?4)",
                params![id, account, conversation, now_ms()],
            )?;
            Ok(())
        })?;
        self.message(id)
    }

    /// Removes a failed or unknown message from the chat. Returns its conversation.
    pub fn discard(&self, id: MessageId) -> Result<ConversationId> {
        self.write(|tx| {
            let (conversation, _) = undelivered_outgoing(tx, id)?;
            tx.execute("DELETE FROM messages WHERE id = ?1", [id])?;
            // The chat list's preview may have been this message.
            tx.execute(
                "UPDATE conversations SET
                     last_message_id = (SELECT id FROM messages WHERE conversation_id = ?1
                                        ORDER BY sent_at DESC, id DESC LIMIT 1),
                     last_message_at = (SELECT MAX(sent_at) FROM messages WHERE conversation_id = ?1)
                 WHERE id = ?1",
                [conversation],
            )?;
            Ok(conversation)
        })
    }

    /// Pins a chat to the top of the list, or unpins it.
    pub fn set_pinned(&self, id: ConversationId, pinned: bool) -> Result<()> {
        self.set_flag(id, "pinned", pinned)
    }

    /// Moves a chat out of the list into "Archived", or back.
    pub fn set_archived(&self, id: ConversationId, archived: bool) -> Result<()> {
        self.set_flag(id, "archived", archived)
    }

    fn set_flag(&self, id: ConversationId, column: &'static str, on: bool) -> Result<()> {
        self.write(|tx| {
            let sql = format!("UPDATE conversations SET {column} = ?2 WHERE id = ?1");
            match tx.execute(&sql, params![id, on])? {
                0 => Err(Error::not_found("conversation", id)),
                _ => Ok(()),
            }
        })
    }

    /// Keeps what the shop owner was typing; an empty draft is removed.
    pub fn set_draft(&self, conversation: ConversationId, text: &str) -> Result<()> {
        self.write(|tx| {
            if text.trim().is_empty() {
                tx.execute("DELETE FROM drafts WHERE conversation_id = ?1", [conversation])?;
            } else {
                tx.execute(
                    "INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    params![conversation, text, now_ms()],
                )
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                        Error::not_found("conversation", conversation)
                    }
                    other => other.into(),
                })?;
            }
            Ok(())
        })
    }

    pub fn draft(&self, conversation: ConversationId) -> Result<Option<String>> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT text FROM drafts WHERE conversation_id = ?1")?
                    .query_row([conversation], |r| r.get(0))
                    .optional()?,
            )
        })
    }
}

#[cfg(test)]
#[path = "chat_actions_tests.rs"]
mod tests;
