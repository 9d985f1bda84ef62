//! The `conversations` table: the chat list and what the outbox needs to address a reply.

use rusqlite::{params, OptionalExtension, Row};

use super::{rows, Store};
use crate::error::{Error, Result};
use crate::model::{
    AccountId, ChannelKind, ConversationId, ConversationSummary, Direction, MessageStatus,
};
use crate::time_fmt::rfc3339;

/// What sending needs to know about a conversation.
#[derive(Debug, Clone)]
pub struct ConversationAddress {
    pub id: ConversationId,
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub remote_id: String,
}

fn summary(row: &Row<'_>) -> rusqlite::Result<ConversationSummary> {
    let preview_kind: Option<String> = row.get(7)?;
    let preview_text: Option<String> = row.get(6)?;
    Ok(ConversationSummary {
        id: row.get(0)?,
        account_id: row.get(1)?,
        channel: rows::channel(row, 2)?,
        title: row.get(3)?,
        unread: row.get(4)?,
        last_message_at: row.get::<_, Option<i64>>(5)?.map(rfc3339),
        last_message_preview: match (preview_text, preview_kind) {
            (Some(t), _) if !t.is_empty() => Some(t),
            (_, Some(kind)) => Some(format!("[{kind}]")),
            _ => None,
        },
        last_message_direction: rows::optional(row, 8, Direction::parse)?,
        last_message_status: rows::optional(row, 9, MessageStatus::parse)?,
    })
}

impl Store {
    /// The chat list, newest activity first.
    pub fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.id, c.account_id, a.channel, c.title, c.unread, c.last_message_at,
                        substr(m.text, 1, 200), m.kind, m.direction, m.status
                 FROM conversations c
                 JOIN accounts a ON a.id = c.account_id
                 LEFT JOIN messages m ON m.id = c.last_message_id
                 WHERE c.archived = 0
                 ORDER BY c.last_message_at IS NULL, c.last_message_at DESC, c.id DESC
                 LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], summary)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn conversation_address(&self, id: ConversationId) -> Result<ConversationAddress> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT c.id, c.account_id, a.channel, c.remote_id
                 FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ConversationAddress {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    channel: rows::channel(r, 2)?,
                    remote_id: r.get(3)?,
                })
            })
            .optional()?
            .ok_or_else(|| Error::not_found("conversation", id))
        })
    }

    /// The shop has seen the chat: the unread badge goes.
    pub fn mark_read(&self, id: ConversationId) -> Result<()> {
        self.write(|tx| {
            match tx.execute(
                "UPDATE conversations SET unread = 0 WHERE id = ?1",
                params![id],
            )? {
                0 => Err(Error::not_found("conversation", id)),
                _ => Ok(()),
            }
        })
    }
}
