//! Putting a reply in the outbox: text (split to the channel's limit), a file, an approved
//! template, or a text for later. Each is one transaction that also shows the message in the
//! chat (local echo) and tells the conversation the shop answered; what the caller gets back is
//! read inside that transaction, so it is the message as queued, whatever sends it next.

use rusqlite::{params, Connection, OptionalExtension};

use super::conversations::{self, ConversationAddress};
use super::database::Store;
use super::messages::message_on;
use crate::error::{Error, Result};
use crate::model::{
    ConversationId, MessageId, MessageStatus, MessageView, OutgoingFile, ReplyBlock, ReplyWindow,
    StoredFile, TemplateChoice,
};
use crate::text::split_for_channel;
use crate::time_fmt::now_ms;

/// What one queued message is.
struct Queued<'a> {
    kind: &'a str,
    text: &'a str,
    status: MessageStatus,
    reply_to_remote_id: Option<&'a str>,
    template: Option<String>,
    /// Send at this time (ms), not before.
    scheduled_at: Option<i64>,
    /// Sent by Sportello on its own: it does not answer the customer.
    automated: bool,
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
        not_empty(text)?;
        self.write(|tx| {
            let address = open_for_replies(tx, conversation)?;
            let reply_to_remote_id = quoted(tx, conversation, reply_to)?;
            let now = now_ms();
            let mut views = Vec::new();
            for (i, part) in split_for_channel(text, address.channel.max_text_units())
                .iter()
                .enumerate()
            {
                let queued = Queued {
                    kind: "text",
                    text: part,
                    status: MessageStatus::Pending,
                    reply_to_remote_id: if i == 0 {
                        reply_to_remote_id.as_deref()
                    } else {
                        None
                    },
                    template: None,
                    scheduled_at: None,
                    automated: false,
                };
                let id = insert(tx, conversation, &address, &queued, now + i as i64)?;
                views.push(message_on(tx, id)?);
            }
            Ok(views)
        })
    }

    /// Queues a text to go out at `at_ms` (in the future), shown in the chat as scheduled.
    /// Whether the platform will still allow it then is checked when it is due.
    pub fn schedule(
        &self,
        conversation: ConversationId,
        text: &str,
        at_ms: i64,
    ) -> Result<MessageView> {
        not_empty(text)?;
        let now = now_ms();
        if at_ms <= now {
            return Err(Error::InvalidInput(
                "Choose a time in the future to send it later.".into(),
            ));
        }
        self.write(|tx| {
            let address = conversations::address(tx, conversation)?;
            if text.encode_utf16().count() > address.channel.max_text_units() {
                return Err(Error::InvalidInput(
                    "A message sent later must fit in one message of this channel.".into(),
                ));
            }
            let queued = Queued {
                kind: "text",
                text,
                status: MessageStatus::Scheduled,
                reply_to_remote_id: None,
                template: None,
                scheduled_at: Some(at_ms),
                automated: false,
            };
            let id = insert(tx, conversation, &address, &queued, now)?;
            message_on(tx, id)
        })
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
        self.write(|tx| {
            let address = open_for_replies(tx, conversation)?;
            let queued = Queued {
                kind: &file.kind,
                text: caption,
                status: MessageStatus::Pending,
                reply_to_remote_id: None,
                template: None,
                scheduled_at: None,
                automated: false,
            };
            let id = insert(tx, conversation, &address, &queued, now_ms())?;
            tx.prepare_cached(
                "INSERT INTO attachments (message_id, kind, mime_type, file_name, size_bytes, local_path, fetch_state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'local')",
            )?
            .execute(params![
                id,
                file.kind,
                file.mime_type,
                file.file_name,
                size_bytes,
                file.path.to_string_lossy()
            ])?;
            message_on(tx, id)
        })
    }

    /// Queues an approved template (allowed outside the reply window, which it reopens once the
    /// customer answers), shown in the chat as `rendered`.
    pub fn enqueue_template(
        &self,
        conversation: ConversationId,
        template: &TemplateChoice,
        rendered: &str,
    ) -> Result<MessageView> {
        self.write(|tx| {
            let address = conversations::address(tx, conversation)?;
            if let ReplyWindow::Closed { reason } = address.reply_window {
                if reason != ReplyBlock::TemplateOnly {
                    return Err(Error::ReplyWindowClosed(reason));
                }
            }
            let json =
                serde_json::to_string(template).map_err(|e| Error::Internal(e.to_string()))?;
            let queued = Queued {
                kind: "template",
                text: rendered,
                status: MessageStatus::Pending,
                reply_to_remote_id: None,
                template: Some(json),
                scheduled_at: None,
                automated: false,
            };
            let id = insert(tx, conversation, &address, &queued, now_ms())?;
            message_on(tx, id)
        })
    }

    /// A scheduled message's new text and time, while it is still waiting.
    pub fn reschedule(&self, message: MessageId, text: &str, at_ms: i64) -> Result<MessageView> {
        not_empty(text)?;
        if at_ms <= now_ms() {
            return Err(Error::InvalidInput(
                "Choose a time in the future to send it later.".into(),
            ));
        }
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE outbox SET not_before = ?2, scheduled_at = ?2
                 WHERE message_id = ?1 AND state = 'queued' AND scheduled_at IS NOT NULL",
                params![message, at_ms],
            )?;
            if changed == 0 {
                return Err(Error::InvalidInput(
                    "This message is no longer waiting to be sent later.".into(),
                ));
            }
            tx.execute(
                "UPDATE messages SET text = ?2 WHERE id = ?1",
                params![message, text],
            )?;
            message_on(tx, message)
        })
    }
}

/// Queues a message Sportello sends on its own (away, greeting, FAQ answer), decided in the
/// transaction that stored the customer's message (auto_replies.rs, which ran the legality
/// check). Marked automated: it does not answer the customer, and is re-checked before it
/// leaves.
pub(super) fn automated(
    tx: &Connection,
    conversation: ConversationId,
    text: &str,
    attachment: Option<&StoredFile>,
    now: i64,
) -> Result<MessageId> {
    let address = open_for_replies(tx, conversation)?;
    let queued = Queued {
        kind: attachment.map_or("text", |a| a.kind.as_str()),
        text,
        status: MessageStatus::Pending,
        reply_to_remote_id: None,
        template: None,
        scheduled_at: None,
        automated: true,
    };
    let id = insert(tx, conversation, &address, &queued, now)?;
    if let Some(file) = attachment {
        tx.prepare_cached(
            "INSERT INTO attachments (message_id, kind, file_name, local_path, fetch_state)
             VALUES (?1, ?2, ?3, ?4, 'local')",
        )?
        .execute(params![id, file.kind, file.file_name, file.path])?;
    }
    Ok(id)
}

fn not_empty(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::InvalidInput(
            "An empty message cannot be sent.".into(),
        ));
    }
    Ok(())
}

/// The conversation's address, refusing when the platform allows no reply now.
fn open_for_replies(tx: &Connection, conversation: ConversationId) -> Result<ConversationAddress> {
    let address = conversations::address(tx, conversation)?;
    if let ReplyWindow::Closed { reason } = address.reply_window {
        return Err(Error::ReplyWindowClosed(reason));
    }
    Ok(address)
}

/// The platform id of the message a reply quotes (it must be in the same conversation).
fn quoted(
    tx: &Connection,
    conversation: ConversationId,
    reply_to: Option<MessageId>,
) -> Result<Option<String>> {
    match reply_to {
        None => Ok(None),
        Some(id) => tx
            .prepare_cached(
                "SELECT remote_id FROM messages WHERE id = ?1 AND conversation_id = ?2",
            )?
            .query_row([id, conversation], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("message in this conversation", id)),
    }
}

/// The message, its outbox row, and the conversation's list order and who it waits on.
fn insert(
    tx: &Connection,
    conversation: ConversationId,
    address: &ConversationAddress,
    q: &Queued<'_>,
    at: i64,
) -> Result<MessageId> {
    let message_id: MessageId = tx
        .prepare_cached(
            "INSERT INTO messages (account_id, conversation_id, direction, kind, text, sent_at,
                                   stored_at, status, reply_to_remote_id, automated)
             VALUES (?1, ?2, 'out', ?3, ?4, ?5, ?5, ?6, ?7, ?8) RETURNING id",
        )?
        .query_row(
            params![
                address.account_id,
                conversation,
                q.kind,
                q.text,
                q.scheduled_at.unwrap_or(at),
                q.status.as_str(),
                q.reply_to_remote_id,
                q.automated
            ],
            |r| r.get(0),
        )?;
    tx.prepare_cached(
        "INSERT INTO outbox (message_id, account_id, conversation_id, state, created_at,
                             reply_to_remote_id, template, not_before, scheduled_at)
         VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?6, COALESCE(?7, 0), ?7)",
    )?
    .execute(params![
        message_id,
        address.account_id,
        conversation,
        at,
        q.reply_to_remote_id,
        q.template,
        q.scheduled_at
    ])?;
    if q.scheduled_at.is_none() {
        tx.prepare_cached(
            "UPDATE conversations SET last_message_id = ?2, last_message_at = ?3, unread = 0
             WHERE id = ?1",
        )?
        .execute(params![conversation, message_id, at])?;
        if !q.automated {
            conversations::shop_replied(tx, conversation, at)?;
        }
    }
    Ok(message_id)
}
