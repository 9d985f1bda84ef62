//! The `outbox` table: replies waiting to go out, durable across restarts. A message is shown in
//! the chat at once (local echo, status pending) and its row here drives the sending.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use super::{conversations, statuses};
use crate::error::{Error, Result};
use crate::model::OutgoingFile;
use crate::model::{AccountId, ConversationId, Direction, MessageId, MessageStatus, MessageView};
use crate::model::{ReplyBlock, ReplyWindow, TemplateChoice};
use crate::text::split_for_channel;
use crate::time_fmt::now_ms;

/// One message due to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub outbox_id: i64,
    pub message_id: MessageId,
    pub conversation_id: ConversationId,
    pub conversation_remote_id: String,
    pub text: String,
    pub not_before_ms: i64,
    pub business_connection_id: Option<String>,
    pub reply_to_remote_id: Option<String>,
    /// A photo or document to upload with the message.
    pub file: Option<OutgoingFile>,
    /// An approved template to send instead of free text.
    pub template: Option<TemplateChoice>,
    /// More than 24 hours since the customer last wrote (Messenger then tags HUMAN_AGENT).
    pub after_standard_window: bool,
}

/// How a send attempt ended, as far as the outbox is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent {
        remote_id: String,
        sent_at_ms: i64,
    },
    /// Surely not sent (offline, rate limited): keep it queued, try again after `not_before_ms`.
    Retry {
        not_before_ms: i64,
        reason: String,
    },
    /// The platform refused it; trying again will not help.
    Failed {
        reason: String,
    },
    /// The platform says its reply window is closed: failed, and the chat now offers templates.
    WindowClosed {
        reason: String,
    },
    /// It may or may not have gone out. Never resent without the shop owner's say.
    Unknown {
        reason: String,
    },
}

impl Store {
    /// Queues a reply and shows it in the chat at once, in one transaction. A text longer than
    /// the channel allows becomes several messages, queued in order.
    pub fn enqueue(
        &self,
        conversation: ConversationId,
        text: &str,
        reply_to: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        if text.trim().is_empty() {
            return Err(Error::InvalidInput(
                "An empty message cannot be sent.".into(),
            ));
        }
        let ids = self.write(|tx| {
            let address = conversations::address(tx, conversation)?;
            if let ReplyWindow::Closed { reason } = address.reply_window {
                return Err(Error::ReplyWindowClosed(reason));
            }
            let reply_to_remote_id: Option<String> = match reply_to {
                None => None,
                Some(id) => tx
                    .prepare_cached("SELECT remote_id FROM messages WHERE id = ?1 AND conversation_id = ?2")?
                    .query_row([id, conversation], |r| r.get(0))
                    .optional()?
                    .ok_or_else(|| Error::not_found("message in this conversation", id))?,
            };
            let now = now_ms();
            let mut ids = Vec::new();
            for (i, part) in split_for_channel(text, address.channel.max_text_units()).iter().enumerate() {
                let at = now + i as i64;
                let message_id: MessageId = tx
                    .prepare_cached(
                        "INSERT INTO messages (account_id, conversation_id, direction, kind, text, sent_at, stored_at, status, reply_to_remote_id)
                         VALUES (?1, ?2, ?3, 'text', ?4, ?5, ?5, ?6, ?7) RETURNING id",
                    )?
                    .query_row(
                        params![
                            address.account_id,
                            conversation,
                            Direction::Out.as_str(),
                            part,
                            at,
                            MessageStatus::Pending.as_str(),
                            if i == 0 { reply_to_remote_id.as_deref() } else { None }
                        ],
                        |r| r.get(0),
                    )?;
                tx.prepare_cached(
                    "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at, reply_to_remote_id)
                     VALUES (?1, ?2, ?3, 'queued', ?4, ?5)",
                )?
                .execute(params![
                    message_id,
                    address.account_id,
                    conversation,
                    at,
                    if i == 0 { reply_to_remote_id.as_deref() } else { None }
                ])?;
                tx.prepare_cached(
                    "UPDATE conversations SET last_message_id = ?2, last_message_at = ?3, unread = 0 WHERE id = ?1",
                )?
                .execute(params![conversation, message_id, at])?;
                ids.push(message_id);
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|id| self.message(id)).collect()
    }

    /// Queues a photo or document (already copied into the local cache at `local_path`), with an
    /// optional caption, and shows it in the chat at once.
    pub fn enqueue_file(
        &self,
        conversation: ConversationId,
        file: &OutgoingFile,
        size_bytes: i64,
        caption: &str,
    ) -> Result<MessageView> {
        let id = self.write(|tx| {
            let address = conversations::address(tx, conversation)?;
            if let ReplyWindow::Closed { reason } = address.reply_window {
                return Err(Error::ReplyWindowClosed(reason));
            }
            let now = now_ms();
            let message_id: MessageId = tx
                .prepare_cached(
                    "INSERT INTO messages (account_id, conversation_id, direction, kind, text, sent_at, stored_at, status)
                     VALUES (?1, ?2, 'out', ?3, ?4, ?5, ?5, 'pending') RETURNING id",
                )?
                .query_row(
                    params![address.account_id, conversation, file.kind, caption, now],
                    |r| r.get(0),
                )?;
            tx.prepare_cached(
                "INSERT INTO attachments (message_id, kind, mime_type, file_name, size_bytes, local_path, fetch_state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'local')",
            )?
            .execute(params![
                message_id,
                file.kind,
                file.mime_type,
                file.file_name,
                size_bytes,
                file.path.to_string_lossy()
            ])?;
            tx.prepare_cached(
                "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at)
                 VALUES (?1, ?2, ?3, 'queued', ?4)",
            )?
            .execute(params![message_id, address.account_id, conversation, now])?;
            tx.prepare_cached(
                "UPDATE conversations SET last_message_id = ?2, last_message_at = ?3, unread = 0 WHERE id = ?1",
            )?
            .execute(params![conversation, message_id, now])?;
            Ok(message_id)
        })?;
        self.message(id)
    }

    /// Queues an approved template (allowed outside the reply window, which it reopens once the
    /// customer answers), shown in the chat as `rendered`.
    pub fn enqueue_template(
        &self,
        conversation: ConversationId,
        template: &TemplateChoice,
        rendered: &str,
    ) -> Result<MessageView> {
        let id = self.write(|tx| {
            let address = conversations::address(tx, conversation)?;
            if let ReplyWindow::Closed { reason } = address.reply_window {
                if reason != ReplyBlock::TemplateOnly {
                    return Err(Error::ReplyWindowClosed(reason));
                }
            }
            let now = now_ms();
            let message_id: MessageId = tx
                .prepare_cached(
                    "INSERT INTO messages (account_id, conversation_id, direction, kind, text, sent_at, stored_at, status)
                     VALUES (?1, ?2, 'out', 'template', ?3, ?4, ?4, 'pending') RETURNING id",
                )?
                .query_row(params![address.account_id, conversation, rendered, now], |r| r.get(0))?;
            let json = serde_json::to_string(template)
                .map_err(|e| Error::Internal(e.to_string()))?;
            tx.prepare_cached(
                "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at, template)
                 VALUES (?1, ?2, ?3, 'queued', ?4, ?5)",
            )?
            .execute(params![message_id, address.account_id, conversation, now, json])?;
            tx.prepare_cached(
                "UPDATE conversations SET last_message_id = ?2, last_message_at = ?3, unread = 0 WHERE id = ?1",
            )?
            .execute(params![conversation, message_id, now])?;
            Ok(message_id)
        })?;
        self.message(id)
    }

    /// The account's queued messages in the order they were written.
    pub fn outbox_queue(&self, account: AccountId) -> Result<Vec<OutboxItem>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.id, o.message_id, o.conversation_id, c.remote_id, m.text, o.not_before,
                        c.business_connection_id, o.reply_to_remote_id, o.template,
                        COALESCE(c.last_customer_message_at, 0) + 86400000 < ?2
                 FROM outbox o
                 JOIN messages m ON m.id = o.message_id
                 JOIN conversations c ON c.id = o.conversation_id
                 WHERE o.account_id = ?1 AND o.state = 'queued'
                 ORDER BY o.id",
            )?;
            let mut items: Vec<OutboxItem> = stmt
                .query_map(params![account, now_ms()], |r| {
                    Ok(OutboxItem {
                        outbox_id: r.get(0)?,
                        message_id: r.get(1)?,
                        conversation_id: r.get(2)?,
                        conversation_remote_id: r.get(3)?,
                        text: r.get(4)?,
                        not_before_ms: r.get(5)?,
                        business_connection_id: r.get(6)?,
                        reply_to_remote_id: r.get(7)?,
                        file: None,
                        template: r
                            .get::<_, Option<String>>(8)?
                            .and_then(|t| serde_json::from_str(&t).ok()),
                        after_standard_window: r.get(9)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            for item in &mut items {
                item.file = Store::outgoing_file(c, item.message_id)?;
            }
            Ok(items)
        })
    }

    /// Messages not yet settled (queued or in flight), for the "N messages waiting" banner.
    pub fn outbox_len(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?))
    }

    /// Marks the message as in flight. Committed before the request leaves, so a crash
    /// mid-send is recognised at the next start.
    pub fn outbox_begin_send(&self, item: &OutboxItem) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
                [item.outbox_id],
            )?;
            set_status(tx, item.message_id, MessageStatus::Sending, None)
        })
    }

    /// Records how the send ended; returns the message as it now stands.
    pub fn outbox_settle(&self, item: &OutboxItem, outcome: &SendOutcome) -> Result<MessageView> {
        self.write(|tx| {
            match outcome {
                SendOutcome::Sent { remote_id, sent_at_ms } => {
                    // Some platforms echo the shop's own messages back; if the echo won the race,
                    // it is this very message: keep ours and drop the echo.
                    tx.execute(
                        "DELETE FROM messages WHERE account_id = (SELECT account_id FROM messages WHERE id = ?1)
                             AND remote_id = ?2 AND id <> ?1",
                        params![item.message_id, remote_id],
                    )?;
                    tx.execute(
                        "UPDATE messages SET remote_id = ?2, status = 'sent', error = NULL,
                             sent_at = CASE WHEN ?3 > 0 THEN ?3 ELSE sent_at END
                         WHERE id = ?1",
                        params![item.message_id, remote_id, sent_at_ms],
                    )?;
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    let account: AccountId = tx.query_row(
                        "SELECT account_id FROM messages WHERE id = ?1",
                        [item.message_id],
                        |r| r.get(0),
                    )?;
                    statuses::apply_pending_status(tx, account, remote_id)?;
                }
                SendOutcome::Retry { not_before_ms, reason } => {
                    tx.execute(
                        "UPDATE outbox SET state = 'queued', not_before = ?2 WHERE id = ?1",
                        params![item.outbox_id, not_before_ms],
                    )?;
                    set_status(tx, item.message_id, MessageStatus::Pending, Some(reason))?;
                }
                SendOutcome::Failed { reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    set_status(tx, item.message_id, MessageStatus::Failed, Some(reason))?;
                }
                SendOutcome::WindowClosed { reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    set_status(tx, item.message_id, MessageStatus::Failed, Some(reason))?;
                    tx.execute(
                        "UPDATE conversations SET window_refused_at = ?2 WHERE id = ?1",
                        params![item.conversation_id, now_ms()],
                    )?;
                }
                SendOutcome::Unknown { reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    set_status(tx, item.message_id, MessageStatus::Unknown, Some(reason))?;
                }
            }
            Ok(())
        })?;
        self.message(item.message_id)
    }

    /// At start-up, before any sending: messages left in flight by a crash have an unknown fate.
    /// Returns them so the UI can be told.
    pub fn outbox_recover_interrupted(&self) -> Result<Vec<MessageId>> {
        self.write(|tx| {
            let ids: Vec<MessageId> = tx
                .prepare("SELECT message_id FROM outbox WHERE state = 'sending'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                set_status(
                    tx,
                    *id,
                    MessageStatus::Unknown,
                    Some("Sportello stopped while this message was being sent; it may or may not have arrived."),
                )?;
            }
            tx.execute("DELETE FROM outbox WHERE state = 'sending'", [])?;
            Ok(ids)
        })
    }
}

fn set_status(
    tx: &Connection,
    message: MessageId,
    status: MessageStatus,
    error: Option<&str>,
) -> Result<()> {
    tx.prepare_cached("UPDATE messages SET status = ?2, error = ?3 WHERE id = ?1")?
        .execute(params![message, status.as_str(), error])?;
    Ok(())
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
