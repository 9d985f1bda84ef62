//! The shop's vocabulary as the UI and the CLI see it: accounts, conversations, messages.
//! These types cross the IPC bridge (ts-rs generates their TypeScript twins), so field
//! names are a contract with the UI and with `sportello-cli --json`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod contact;
mod search;
pub use contact::{ContactCard, CustomerIdentity, IdentityKind};
pub use search::{SearchFragment, SearchHit};

pub type AccountId = i64;
pub type ConversationId = i64;
pub type MessageId = i64;

/// Which platform a conversation lives on; replies always go back on the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Telegram,
    Whatsapp,
    Messenger,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Telegram => "telegram",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Messenger => "messenger",
        }
    }

    /// The name of the account's secret that a platform expires or revokes (the one a
    /// reconnect replaces).
    pub fn access_token_secret(self) -> &'static str {
        match self {
            ChannelKind::Telegram => "bot_token",
            ChannelKind::Whatsapp => "access_token",
            ChannelKind::Messenger => "page_access_token",
        }
    }

    /// Whether received media must be downloaded soon, because the platform's links to it
    /// expire (WhatsApp, Messenger) rather than waiting until the shop opens it.
    pub fn prefetches_media(self) -> bool {
        matches!(self, ChannelKind::Whatsapp | ChannelKind::Messenger)
    }

    /// How long the platform keeps messages for a receiver that is away (Telegram: 24 hours).
    /// Away longer than this, some messages may never arrive; None when nothing is dropped.
    pub fn undelivered_retention_ms(self) -> Option<i64> {
        match self {
            ChannelKind::Telegram => Some(24 * 3600 * 1000),
            ChannelKind::Whatsapp | ChannelKind::Messenger => None,
        }
    }

    /// The longest text one message may carry, in UTF-16 code units; longer replies are split.
    pub fn max_text_units(self) -> usize {
        match self {
            ChannelKind::Telegram | ChannelKind::Whatsapp => 4096,
            ChannelKind::Messenger => 2000,
        }
    }

    /// The platform's name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            ChannelKind::Telegram => "Telegram",
            ChannelKind::Whatsapp => "WhatsApp",
            ChannelKind::Messenger => "Messenger",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "telegram" => Some(ChannelKind::Telegram),
            "whatsapp" => Some(ChannelKind::Whatsapp),
            "messenger" => Some(ChannelKind::Messenger),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the customer to the shop.
    In,
    /// From the shop to the customer.
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in" => Some(Direction::In),
            "out" => Some(Direction::Out),
            _ => None,
        }
    }
}

/// Where a message stands. Outgoing messages move pending → sending → sent → delivered → read,
/// or end in failed (the platform refused it) or unknown (we cannot tell whether it went out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    Received,
    Pending,
    Sending,
    Sent,
    Delivered,
    Read,
    Failed,
    Unknown,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Received => "received",
            MessageStatus::Pending => "pending",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Read => "read",
            MessageStatus::Failed => "failed",
            MessageStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "received" => MessageStatus::Received,
            "pending" => MessageStatus::Pending,
            "sending" => MessageStatus::Sending,
            "sent" => MessageStatus::Sent,
            "delivered" => MessageStatus::Delivered,
            "read" => MessageStatus::Read,
            "failed" => MessageStatus::Failed,
            "unknown" => MessageStatus::Unknown,
            _ => return None,
        })
    }

    /// How far a sent message has got, for statuses reported by the platform: a report only
    /// replaces a lower one. A failure outranks "sent" but not "delivered" or "read" (a message
    /// that was read did arrive, whatever a late report says).
    pub fn delivery_rank(self) -> u8 {
        match self {
            MessageStatus::Received
            | MessageStatus::Pending
            | MessageStatus::Sending
            | MessageStatus::Unknown => 0,
            MessageStatus::Sent => 1,
            MessageStatus::Failed => 2,
            MessageStatus::Delivered => 3,
            MessageStatus::Read => 4,
        }
    }
}

/// A channel account the shop has connected (a Telegram bot, a WhatsApp number, a Page).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Account {
    #[ts(type = "number")]
    pub id: AccountId,
    pub channel: ChannelKind,
    pub name: String,
    /// A custom API server (self-hosted Bot API, the simulator); None means the platform's own.
    pub api_base: Option<String>,
    /// How the platform names the account, e.g. the bot's @username.
    pub display_name: Option<String>,
    pub is_demo: bool,
    pub created_at: String,
    /// Business accounts this bot serves (Telegram Business), with what they allow.
    pub business_links: Vec<BusinessLink>,
    /// Periods in which messages may be missing, oldest first.
    pub missing_periods: Vec<SyncGap>,
    /// The platform's id of the account: the bot id, the WhatsApp phone number id, the Page id.
    pub remote_id: Option<String>,
    /// WhatsApp: the WhatsApp Business Account the number belongs to.
    pub business_account_id: Option<String>,
    /// WhatsApp: the number as customers see it.
    pub phone: Option<String>,
    /// WhatsApp: Meta's quality rating of the number (GREEN, YELLOW, RED).
    pub quality_rating: Option<String>,
    /// When the webhook receiver last accepted a correctly signed delivery for this account.
    pub webhook_seen_at: Option<String>,
    /// Messenger: replies 24 hours to 7 days after the customer's last message go out with the
    /// HUMAN_AGENT tag (the Page must have Meta's permission for it).
    pub human_agent: bool,
    /// The keyring entry holding this account's secrets. Not a secret itself.
    #[serde(skip)]
    #[ts(skip)]
    pub secret_ref: String,
}

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

/// A business account the bot is connected to (Telegram Business).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BusinessLink {
    pub owner_name: String,
    pub can_reply: bool,
    pub is_enabled: bool,
}

/// A period in which messages may be missing, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncGap {
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub from: String,
    pub to: String,
}

/// One message as shown in a chat.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MessageView {
    #[ts(type = "number")]
    pub id: MessageId,
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub direction: Direction,
    /// "text", or the kind of a non-text message ("photo", "voice", "unsupported:…").
    pub kind: String,
    pub text: String,
    pub sent_at: String,
    pub status: MessageStatus,
    pub sender_name: Option<String>,
    /// Why a message failed or is in doubt, in words the shop owner can act on.
    pub error: Option<String>,
    pub edited: bool,
    pub deleted: bool,
    pub forwarded_from: Option<String>,
    /// The platform's id of this message (None until an outgoing one is accepted).
    pub remote_id: Option<String>,
    /// The platform id of the message this one replies to.
    pub reply_to_remote_id: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// Reactions to this message, one per person.
    pub reactions: Vec<ReactionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReactionView {
    pub emoji: String,
    /// The shop's own reaction.
    pub mine: bool,
}

/// A file or place attached to a message. The bytes are fetched on first view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttachmentView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    #[ts(type = "number | null")]
    pub size_bytes: Option<i64>,
    #[ts(type = "number | null")]
    pub width: Option<i64>,
    #[ts(type = "number | null")]
    pub height: Option<i64>,
    #[ts(type = "number | null")]
    pub duration_secs: Option<i64>,
    /// Kind-specific details as JSON (coordinates, contact card).
    pub meta: Option<String>,
    /// Whether the bytes are already in the local cache (viewable offline).
    pub downloaded: bool,
    /// Why the last download failed; Sportello keeps trying.
    pub fetch_error: Option<String>,
}

/// What one `sync --once` pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    #[ts(type = "number")]
    pub received: u64,
    #[ts(type = "number")]
    pub stored: u64,
    #[ts(type = "number")]
    pub sent: u64,
    #[ts(type = "number")]
    pub failed: u64,
}

/// A message template the platform approved (WhatsApp), as the template picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessageTemplate {
    pub name: String,
    /// The language code, e.g. "it" or "en_US".
    pub language: String,
    /// MARKETING, UTILITY or AUTHENTICATION.
    pub category: String,
    /// The body text with its placeholders ({{1}}, {{2}}…).
    pub body: String,
    /// How many values the body needs.
    pub parameter_count: u32,
}

impl MessageTemplate {
    /// The body with the shop's values in place of {{1}}, {{2}}…, as the customer will read it.
    pub fn render(&self, parameters: &[String]) -> String {
        let mut text = self.body.clone();
        for (i, value) in parameters.iter().enumerate() {
            text = text.replace(&format!("{{{{{}}}}}", i + 1), value);
        }
        text
    }
}

/// A template chosen to send, with the values for its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateChoice {
    pub name: String,
    pub language: String,
    pub parameters: Vec<String>,
}
