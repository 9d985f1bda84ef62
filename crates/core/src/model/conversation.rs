//! A row of the chat list, and whether the shop may reply in it now.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channel::ChannelKind;
use super::counter::{ConversationStatus, Label, Snooze, WaitingOn};
use super::ids::{AccountId, ConversationId};
use super::message::{Direction, MessageStatus};

/// One row of the chat list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ConversationSummary {
    #[ts(type = "number")]
    pub id: ConversationId,
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub title: String,
    /// The customer's picture in the local cache (Messenger), for the window to show.
    pub picture: Option<String>,
    #[ts(type = "number")]
    pub unread: i64,
    pub last_message_at: Option<String>,
    pub last_message_preview: Option<String>,
    pub last_message_direction: Option<Direction>,
    pub last_message_status: Option<MessageStatus>,
    /// Whether the shop may reply now, and until when.
    pub reply_window: ReplyWindow,
    /// Set for chats reached through the owner's Telegram Business account.
    pub business: bool,
    /// What the shop owner started typing and has not sent.
    pub draft: Option<String>,
    pub pinned: bool,
    pub archived: bool,
    /// Never notifies.
    pub muted: bool,
    /// The conversation's labels, in the shop's order.
    pub labels: Vec<Label>,
    pub status: ConversationStatus,
    /// Set while snoozed.
    pub snooze: Option<Snooze>,
    /// Who the conversation waits on (None: nothing written yet).
    pub waiting_on: Option<WaitingOn>,
    /// Since when (RFC 3339): the customer's first unanswered message, or the shop's last reply.
    pub waiting_since: Option<String>,
    /// The click-to-chat poster the customer arrived through (its code), if any.
    pub source: Option<String>,
}

/// Whether a reply can be sent in a conversation. Platforms allow some replies only within a
/// time window after the customer's last message (Telegram Business, WhatsApp, Messenger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReplyWindow {
    Open,
    /// Open until `at` (RFC 3339).
    ClosesAt {
        at: String,
    },
    Closed {
        reason: ReplyBlock,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReplyBlock {
    /// The customer's last message is older than the platform allows replying to.
    WindowExpired,
    /// The owner did not give the bot the right to reply.
    NoReplyRight,
    /// The owner disabled or removed the bot from their business account.
    ConnectionDisabled,
    /// Outside the customer-service window only an approved template may be sent (WhatsApp).
    TemplateOnly,
}

/// Which chats a list shows. Empty: every chat, archived and snoozed ones flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ChatFilter {
    pub channel: Option<ChannelKind>,
    /// Only chats with unread messages.
    pub unread: bool,
    /// Only archived chats (true), only the others (false), or both (None).
    pub archived: Option<bool>,
    /// Only chats with this label (its id).
    pub label: Option<String>,
    pub status: Option<ConversationStatus>,
    /// Open chats whose customer waits on the shop, the longest waiting first.
    pub needs_reply: bool,
    /// Leave out snoozed chats (out of sight until their time).
    pub hide_snoozed: bool,
}

/// How many chats each of the list's views holds, for its filter chips.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ChatCounts {
    #[ts(type = "number")]
    pub needs_reply: i64,
    #[ts(type = "number")]
    pub snoozed: i64,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub archived: i64,
}
