//! The `conversations` table: the chat list, and what sending needs to address a reply.

use rusqlite::{params, OptionalExtension, Row};

use super::database::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{
    AccountId, ChannelKind, ConversationId, ConversationSummary, Direction, MessageStatus,
    ReplyBlock, ReplyWindow,
};
use crate::time_fmt::{now_ms, rfc3339};

/// Telegram Business and WhatsApp allow free replies only within 24 hours of the customer's
/// last message.
const REPLY_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// Messenger's HUMAN_AGENT tag allows a person's reply up to 7 days after.
const HUMAN_AGENT_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;

/// What queueing a reply needs to know about a conversation: whose it is, the channel's
/// limits, and whether a reply is allowed now. (The outbox reads the addressing itself.)
#[derive(Debug, Clone)]
pub struct ConversationAddress {
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub reply_window: ReplyWindow,
}

/// The business columns of a conversation, as the reply window needs them.
struct BusinessState {
    connection_id: Option<String>,
    can_reply: Option<bool>,
    is_enabled: Option<bool>,
    last_customer_message_at: Option<i64>,
    /// When the platform last refused a reply as outside its window (WhatsApp 131047).
    window_refused_at: Option<i64>,
    /// Messenger: the account may use the HUMAN_AGENT tag.
    human_agent: bool,
}

impl BusinessState {
    fn read(row: &Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(BusinessState {
            connection_id: row.get(first)?,
            can_reply: row.get(first + 1)?,
            is_enabled: row.get(first + 2)?,
            last_customer_message_at: row.get(first + 3)?,
            window_refused_at: row.get(first + 4)?,
            human_agent: row.get(first + 5)?,
        })
    }

    fn reply_window(&self, channel: ChannelKind, now: i64) -> ReplyWindow {
        if channel == ChannelKind::Whatsapp {
            return self.customer_service_window(now);
        }
        if channel == ChannelKind::Messenger {
            return self.messenger_window(now);
        }
        if self.connection_id.is_none() {
            return ReplyWindow::Open;
        }
        // A connection we have not heard about yet is treated as allowed: Telegram will say.
        if self.is_enabled == Some(false) {
            return ReplyWindow::Closed {
                reason: ReplyBlock::ConnectionDisabled,
            };
        }
        if self.can_reply == Some(false) {
            return ReplyWindow::Closed {
                reason: ReplyBlock::NoReplyRight,
            };
        }
        match self.last_customer_message_at {
            Some(last) if last + REPLY_WINDOW_MS > now => ReplyWindow::ClosesAt {
                at: rfc3339(last + REPLY_WINDOW_MS),
            },
            _ => ReplyWindow::Closed {
                reason: ReplyBlock::WindowExpired,
            },
        }
    }

    /// Messenger: replies within 24 hours of the customer's last message; with the HUMAN_AGENT
    /// tag (if the Page may use it) up to 7 days; after that, nothing until they write again.
    fn messenger_window(&self, now: i64) -> ReplyWindow {
        let limit = if self.human_agent {
            HUMAN_AGENT_WINDOW_MS
        } else {
            REPLY_WINDOW_MS
        };
        let refused = |last: i64| self.window_refused_at.is_some_and(|r| r >= last);
        match self.last_customer_message_at {
            Some(last) if last + limit > now && !refused(last) => ReplyWindow::ClosesAt {
                at: rfc3339(last + limit),
            },
            _ => ReplyWindow::Closed {
                reason: ReplyBlock::WindowExpired,
            },
        }
    }

    /// WhatsApp: free text within 24 hours of the customer's last message, templates always.
    /// If WhatsApp refused a reply after that message, it knows better than our clock.
    fn customer_service_window(&self, now: i64) -> ReplyWindow {
        // Platform times are whole seconds: a refusal in the same second as the customer's
        // message is about the window that message opened.
        let refused = |last: i64| self.window_refused_at.is_some_and(|r| r >= last);
        match self.last_customer_message_at {
            Some(last) if last + REPLY_WINDOW_MS > now && !refused(last) => ReplyWindow::ClosesAt {
                at: rfc3339(last + REPLY_WINDOW_MS),
            },
            _ => ReplyWindow::Closed {
                reason: ReplyBlock::TemplateOnly,
            },
        }
    }
}

const BUSINESS_JOIN: &str = "LEFT JOIN business_connections bc
     ON bc.account_id = c.account_id AND bc.connection_id = c.business_connection_id";

/// The chat list's query. Its ORDER BY is the index `conversations_by_list_order` (migration
/// 0007) term for term, so the first page is read in order without sorting every chat.
fn chat_list_sql() -> String {
    format!(
        "SELECT c.id, c.account_id, a.channel, c.title, c.unread, c.last_message_at,
                substr(m.text, 1, 200), m.kind, m.direction, m.status,
                c.business_connection_id, bc.can_reply, bc.is_enabled, c.last_customer_message_at,
                c.window_refused_at, a.human_agent, d.text, c.pinned, c.archived,
                ct.picture_path, c.muted
         FROM conversations c
         JOIN accounts a ON a.id = c.account_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN messages m ON m.id = c.last_message_id
         LEFT JOIN drafts d ON d.conversation_id = c.id
         {BUSINESS_JOIN}
         ORDER BY c.pinned DESC, c.last_message_at IS NULL, c.last_message_at DESC, c.id DESC
         LIMIT ?1"
    )
}

fn summary(row: &Row<'_>, now: i64) -> rusqlite::Result<ConversationSummary> {
    let preview_kind: Option<String> = row.get(7)?;
    let preview_text: Option<String> = row.get(6)?;
    let business = BusinessState::read(row, 10)?;
    let channel = rows::channel(row, 2)?;
    Ok(ConversationSummary {
        id: row.get(0)?,
        account_id: row.get(1)?,
        channel,
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
        reply_window: business.reply_window(channel, now),
        business: business.connection_id.is_some(),
        draft: row.get(16)?,
        pinned: row.get(17)?,
        archived: row.get(18)?,
        picture: row.get(19)?,
        muted: row.get(20)?,
    })
}

impl Store {
    /// The chat list: pinned chats first, then newest activity first. Archived chats are
    /// included, flagged, so the window can show them under "Archived".
    pub fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        let now = now_ms();
        self.read(|c| {
            let mut stmt = c.prepare_cached(&chat_list_sql())?;
            let rows = stmt.query_map([limit], |r| summary(r, now))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The shop has seen the chat: the unread badge goes, and on WhatsApp the customer's
    /// newest message is due to be marked read (sent by the account's sync task).
    pub fn mark_read(&self, id: ConversationId) -> Result<()> {
        self.write(|tx| {
            match tx.execute(
                "UPDATE conversations SET unread = 0,
                     read_receipt_due = CASE WHEN (SELECT channel FROM accounts WHERE id = account_id) IN ('whatsapp', 'messenger')
                         THEN (SELECT m.remote_id FROM messages m
                               WHERE m.conversation_id = conversations.id AND m.direction = 'in'
                                     AND m.remote_id IS NOT NULL
                               ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)
                         ELSE read_receipt_due END
                 WHERE id = ?1",
                params![id],
            )? {
                0 => Err(Error::not_found("conversation", id)),
                _ => Ok(()),
            }
        })
    }

    pub fn unread_total(&self) -> Result<i64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COALESCE(SUM(unread), 0) FROM conversations WHERE archived = 0",
                [],
                |r| r.get(0),
            )?)
        })
    }

    pub fn conversation_account(&self, id: ConversationId) -> Result<AccountId> {
        self.read(|c| {
            c.prepare_cached("SELECT account_id FROM conversations WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("conversation", id))
        })
    }

    pub fn conversation_remote_id(&self, id: ConversationId) -> Result<String> {
        self.read(|c| {
            c.prepare_cached("SELECT remote_id FROM conversations WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("conversation", id))
        })
    }

    /// Read receipts the account still owes: (conversation, its remote id, the message's).
    pub fn read_receipts_due(
        &self,
        account: AccountId,
    ) -> Result<Vec<(ConversationId, String, String)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, remote_id, read_receipt_due FROM conversations
                 WHERE account_id = ?1 AND read_receipt_due IS NOT NULL",
            )?;
            let rows = stmt.query_map([account], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The platform was told; a newer receipt that became due meanwhile stays due.
    pub fn read_receipt_sent(
        &self,
        conversation: ConversationId,
        message_remote_id: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE conversations SET read_receipt_due = NULL WHERE id = ?1 AND read_receipt_due = ?2",
                params![conversation, message_remote_id],
            )?;
            Ok(())
        })
    }
}

pub(super) fn address(c: &rusqlite::Connection, id: ConversationId) -> Result<ConversationAddress> {
    let now = now_ms();
    c.prepare_cached(&format!(
        "SELECT c.account_id, a.channel,
                c.business_connection_id, bc.can_reply, bc.is_enabled, c.last_customer_message_at,
                c.window_refused_at, a.human_agent
         FROM conversations c JOIN accounts a ON a.id = c.account_id
         {BUSINESS_JOIN}
         WHERE c.id = ?1"
    ))?
    .query_row([id], |r| {
        let channel = rows::channel(r, 1)?;
        Ok(ConversationAddress {
            account_id: r.get(0)?,
            channel,
            reply_window: BusinessState::read(r, 2)?.reply_window(channel, now),
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("conversation", id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::temp_store;

    #[test]
    fn the_chat_list_is_read_in_index_order_without_a_sort() {
        let (_dir, store) = temp_store();
        let plan: Vec<String> = store
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {}", chat_list_sql()))?;
                let rows = stmt.query_map([500], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("conversations_by_list_order")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}
