//! The `outbox` table: replies waiting to go out, durable across restarts. A message is shown in
//! the chat at once (local echo, status pending; see enqueue.rs) and its row here drives the
//! sending: the queue, each attempt marked before it leaves, and how it ended.

use rusqlite::{params, Connection};

use super::database::Store;
use super::{conversations, statuses};
use crate::error::code::ErrorCode;
use crate::error::Result;
use crate::model::{
    AccountId, ConversationId, MessageId, MessageStatus, MessageView, OutgoingFile, ReplyBlock,
    ReplyWindow, TemplateChoice,
};
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
    /// When the shop asked for it to go out, for a message sent later.
    pub scheduled_at_ms: Option<i64>,
    /// For a message sent later or an automatic one: the platform allows no such message any
    /// more (its window closed meanwhile), so it must not go.
    pub now_blocked: Option<ReplyBlock>,
    /// Sent by Sportello on its own (away, greeting, FAQ): only inside the standard 24 hours,
    /// never under a tag meant for people.
    pub automated: bool,
    /// Part of a broadcast: paced to the platform's throughput, after the shop's own replies.
    pub broadcast: bool,
    /// A broadcast message whose customer withdrew or blocked the shop since it was queued: it
    /// must not go.
    pub now_excluded: Option<crate::model::ExclusionReason>,
    pub channel: crate::model::ChannelKind,
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
        code: ErrorCode,
        reason: String,
    },
    /// The platform refused it; trying again will not help.
    Failed {
        code: ErrorCode,
        reason: String,
    },
    /// The platform says its reply window is closed: failed, and the chat now offers templates.
    WindowClosed {
        reason: String,
    },
    /// It may or may not have gone out. Never resent without the shop owner's say.
    Unknown {
        code: ErrorCode,
        reason: String,
    },
}

impl Store {
    /// The account's queued messages in the order they were written.
    pub fn outbox_queue(&self, account: AccountId) -> Result<Vec<OutboxItem>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.id, o.message_id, o.conversation_id, c.remote_id, m.text, o.not_before,
                        c.business_connection_id, o.reply_to_remote_id, o.template,
                        COALESCE(c.last_customer_message_at, 0) + 86400000 < ?2, o.scheduled_at,
                        m.automated, m.broadcast_id IS NOT NULL, a.channel
                 FROM outbox o
                 JOIN messages m ON m.id = o.message_id
                 JOIN conversations c ON c.id = o.conversation_id
                 JOIN accounts a ON a.id = o.account_id
                 WHERE o.account_id = ?1 AND o.state = 'queued'
                 ORDER BY m.broadcast_id IS NOT NULL, o.id",
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
                        scheduled_at_ms: r.get(10)?,
                        now_blocked: None,
                        automated: r.get(11)?,
                        broadcast: r.get(12)?,
                        now_excluded: None,
                        channel: super::rows::channel(r, 13)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let now = now_ms();
            for item in &mut items {
                item.file = Store::outgoing_file(c, item.message_id)?;
                // The consent check again, as it leaves: a STOP since it was queued wins.
                if item.broadcast {
                    item.now_excluded = super::preflight::still_allowed(c, item.message_id)?.err();
                }
                // The legality check again, as it leaves: an automatic message past the
                // standard 24 hours (the app was closed meanwhile) must not go, tagged or not.
                if item.automated {
                    if item.after_standard_window {
                        item.now_blocked = Some(ReplyBlock::WindowExpired);
                    }
                    item.after_standard_window = false;
                }
                // Whether a message sent later may still go is decided when it is due.
                if item.scheduled_at_ms.is_some_and(|at| at <= now) {
                    if let ReplyWindow::Closed { reason } =
                        conversations::address(c, item.conversation_id)?.reply_window
                    {
                        item.now_blocked = Some(reason);
                    }
                }
            }
            Ok(items)
        })
    }

    /// Messages not yet settled (queued or in flight), for the "N messages waiting" banner.
    /// One sent later waits for its time, not for the network: it counts once its time came.
    pub fn outbox_len(&self) -> Result<i64> {
        let now = crate::time_fmt::now_ms();
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM outbox WHERE scheduled_at IS NULL OR scheduled_at <= ?1",
                [now],
                |r| r.get(0),
            )?)
        })
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
                        "UPDATE messages SET remote_id = ?2, status = 'sent', error = NULL, error_code = NULL,
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
                    if item.scheduled_at_ms.is_some() {
                        // A message sent later joins the chat's order when it goes.
                        let at = if *sent_at_ms > 0 { *sent_at_ms } else { now_ms() };
                        tx.execute(
                            "UPDATE conversations SET last_message_id = ?2,
                                 last_message_at = MAX(COALESCE(last_message_at, 0), ?3)
                             WHERE id = ?1",
                            params![item.conversation_id, item.message_id, at],
                        )?;
                        conversations::shop_replied(tx, item.conversation_id, at)?;
                    }
                }
                SendOutcome::Retry {
                    not_before_ms,
                    code,
                    reason,
                } => {
                    tx.execute(
                        "UPDATE outbox SET state = 'queued', not_before = MAX(not_before, ?2)
                         WHERE id = ?1",
                        params![item.outbox_id, not_before_ms],
                    )?;
                    let status = if item.scheduled_at_ms.is_some() {
                        MessageStatus::Scheduled
                    } else {
                        MessageStatus::Pending
                    };
                    set_status(tx, item.message_id, status, Some((*code, reason)))?;
                }
                SendOutcome::Failed { code, reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    set_status(tx, item.message_id, MessageStatus::Failed, Some((*code, reason)))?;
                    if *code == ErrorCode::CustomerUnreachable {
                        super::reach_ingest::send_failed(tx, item.conversation_id, "blocked", now_ms())?;
                    }
                }
                SendOutcome::WindowClosed { reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    let code = ErrorCode::ReplyWindowClosed;
                    set_status(tx, item.message_id, MessageStatus::Failed, Some((code, reason)))?;
                    tx.execute(
                        "UPDATE conversations SET window_refused_at = ?2 WHERE id = ?1",
                        params![item.conversation_id, now_ms()],
                    )?;
                }
                SendOutcome::Unknown { code, reason } => {
                    tx.execute("DELETE FROM outbox WHERE id = ?1", [item.outbox_id])?;
                    set_status(tx, item.message_id, MessageStatus::Unknown, Some((*code, reason)))?;
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
                    Some((
                        ErrorCode::DeliveryUnknown,
                        "Sportello stopped while this message was being sent; it may or may not have arrived.",
                    )),
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
    error: Option<(ErrorCode, &str)>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE messages SET status = ?2, error = ?3, error_code = ?4 WHERE id = ?1",
    )?
    .execute(params![
        message,
        status.as_str(),
        error.map(|(_, reason)| reason),
        error.map(|(code, _)| code.as_str())
    ])?;
    Ok(())
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
