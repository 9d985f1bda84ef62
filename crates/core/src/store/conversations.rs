//! The `conversations` table: the chat list, and what sending needs to address a reply.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::database::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{AccountId, ChannelKind, ConversationId, ReplyBlock, ReplyWindow};
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
pub(super) struct BusinessState {
    pub(super) connection_id: Option<String>,
    can_reply: Option<bool>,
    is_enabled: Option<bool>,
    last_customer_message_at: Option<i64>,
    /// When the platform last refused a reply as outside its window (WhatsApp 131047).
    window_refused_at: Option<i64>,
    /// Messenger: the account may use the HUMAN_AGENT tag.
    human_agent: bool,
}

impl BusinessState {
    pub(super) fn read(row: &Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(BusinessState {
            connection_id: row.get(first)?,
            can_reply: row.get(first + 1)?,
            is_enabled: row.get(first + 2)?,
            last_customer_message_at: row.get(first + 3)?,
            window_refused_at: row.get(first + 4)?,
            human_agent: row.get(first + 5)?,
        })
    }

    pub(super) fn reply_window(&self, channel: ChannelKind, now: i64) -> ReplyWindow {
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
            Some(last) if last.saturating_add(REPLY_WINDOW_MS) > now => ReplyWindow::ClosesAt {
                at: rfc3339(last.saturating_add(REPLY_WINDOW_MS)),
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
            Some(last) if last.saturating_add(limit) > now && !refused(last) => {
                ReplyWindow::ClosesAt {
                    at: rfc3339(last.saturating_add(limit)),
                }
            }
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
            Some(last) if last.saturating_add(REPLY_WINDOW_MS) > now && !refused(last) => {
                ReplyWindow::ClosesAt {
                    at: rfc3339(last.saturating_add(REPLY_WINDOW_MS)),
                }
            }
            _ => ReplyWindow::Closed {
                reason: ReplyBlock::TemplateOnly,
            },
        }
    }
}

pub(super) const BUSINESS_JOIN: &str = "LEFT JOIN business_connections bc
     ON bc.account_id = c.account_id AND bc.connection_id = c.business_connection_id";

impl Store {
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

/// The shop answered at `at`: the conversation now waits on the customer, unless the customer
/// wrote again after it (a reply older than the shop's latest changes nothing).
pub(super) fn shop_replied(tx: &Connection, conversation: ConversationId, at: i64) -> Result<()> {
    // Two statements, each writing only when something changes: an UPDATE that names an
    // indexed column (waiting_since) rewrites that index entry even when the value stays, and
    // history brings thousands of replies a second.
    tx.prepare_cached(
        "UPDATE conversations SET last_shop_reply_at = ?2
         WHERE id = ?1 AND ?2 >= COALESCE(last_shop_reply_at, 0)",
    )?
    .execute(params![conversation, at])?;
    tx.prepare_cached(
        "UPDATE conversations SET
             waiting_since = (SELECT MIN(m.sent_at) FROM messages m
                              WHERE m.conversation_id = ?1 AND m.direction = 'in' AND m.sent_at > ?2)
         WHERE id = ?1 AND last_shop_reply_at = ?2 AND waiting_since <= ?2",
    )?
    .execute(params![conversation, at])?;
    Ok(())
}

/// Customer messages: the oldest one newer than the shop's last reply waits on the shop (it
/// says since when), and news from the customer reopens a chat marked done, or snoozed unless
/// they wrote. Each statement writes only when something changes, as the indexes on status and
/// waiting would otherwise be rewritten every time.
pub(super) fn customer_wrote(
    tx: &Connection,
    conversation: ConversationId,
    first_unanswered: Option<i64>,
    is_news: bool,
    now: i64,
) -> Result<()> {
    if let Some(at) = first_unanswered {
        tx.prepare_cached(
            "UPDATE conversations SET waiting_since = ?2
             WHERE id = ?1 AND ?2 > COALESCE(last_shop_reply_at, 0)
                   AND (waiting_since IS NULL OR waiting_since > ?2)",
        )?
        .execute(params![conversation, at])?;
    }
    if is_news {
        tx.prepare_cached(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL, status_changed_at = ?2
             WHERE id = ?1 AND (status = 'done' OR (status = 'snoozed' AND snooze_unless_reply = 1))",
        )?
        .execute(params![conversation, now])?;
    }
    Ok(())
}
