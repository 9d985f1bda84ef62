//! Normalized inbound events: what every channel crate turns its platform's payloads into,
//! and the only thing the store ingests. Protocol types never leave the channel crates.

use crate::model::Direction;

/// Everything one receive call produced, with the cursor that covers it. The store commits the
/// events and the cursor in one transaction, so a crash never skips or repeats a batch.
#[derive(Debug, Clone, Default)]
pub struct InboundBatch {
    pub events: Vec<Inbound>,
    /// The position to resume from next time; None leaves the stored cursor as it is.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Inbound {
    Message(InboundMessage),
    /// A message from before the account was connected (WhatsApp's one-time history): stored
    /// like any other, but it is not news, so it neither counts as unread nor notifies.
    Backfill(InboundMessage),
    /// The content of a history message that first came as a placeholder (WhatsApp
    /// Coexistence sends a media message's caption and media id in a later `history`
    /// delivery): it fills in the stored placeholder, or is stored as history if never seen.
    Completed(InboundMessage),
    /// A message was edited. It comes whole, so an edit of a message we never saw still
    /// stores it.
    Edit {
        message: InboundMessage,
        edited_at_ms: i64,
    },
    /// Messages were deleted on the platform; they stay in the history, marked deleted.
    Delete {
        remote_ids: Vec<String>,
        deleted_at_ms: i64,
    },
    /// The shop owner connected (or changed, or revoked) the bot on their business account.
    BusinessConnection(BusinessConnection),
    /// The platform reports what became of a message the shop sent. Statuses only move
    /// forward: a late "delivered" never undoes "read".
    Status(DeliveryStatus),
    /// Someone reacted to a message (an empty emoji takes the reaction back).
    Reaction(Reaction),
    /// A customer blocked the bot (Telegram's `my_chat_member`, status `kicked`, in their
    /// private chat) or unblocked it (`member`): nothing the bot sends reaches them meanwhile.
    Reachability {
        conversation_remote_id: String,
        blocked: bool,
        at_ms: i64,
    },
    /// The customer stopped (or resumed) marketing messages in WhatsApp itself (the
    /// `user_preferences` webhook).
    MarketingPreference {
        customer_remote_id: String,
        stop: bool,
        at_ms: i64,
    },
    /// The shop owner's phone book names a customer (WhatsApp Business app contacts).
    ContactName(RemoteContact),
    /// Where a customer's profile picture can be downloaded now (the link may expire).
    ContactPicture {
        remote_id: String,
        url: String,
    },
    /// Everything the shop sent in a conversation up to a moment was delivered or read
    /// (Messenger's watermarks).
    Watermark {
        conversation_remote_id: String,
        /// Delivered or Read.
        status: crate::model::MessageStatus,
        up_to_ms: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryStatus {
    pub remote_id: String,
    /// "sent", "delivered", "read" or "failed".
    pub status: crate::model::MessageStatus,
    /// For a failure: the platform's reason, as the shop should read it.
    pub error: Option<String>,
    /// The failure says the customer-service window is closed (WhatsApp 131047): the chat
    /// offers templates from now on, until the customer writes again.
    pub closes_reply_window: bool,
    /// The platform's code for a failure ("131050"), when it gives one: some say more about the
    /// customer than about the message (they stopped promotions, or hit a marketing cap).
    pub platform_code: Option<String>,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    pub message_remote_id: String,
    /// Who reacted: the customer's remote id, or None for the shop itself.
    pub reactor: Option<String>,
    pub emoji: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessConnection {
    pub connection_id: String,
    /// The shop owner's own account: their messages in business chats are outgoing.
    pub owner: RemoteContact,
    pub can_reply: bool,
    pub is_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversationKind {
    Private,
    Group,
}

impl ConversationKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ConversationKind::Private => "private",
            ConversationKind::Group => "group",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RemoteConversation {
    /// The platform's id of the chat (Telegram chat id, WhatsApp phone, Page-scoped id).
    pub remote_id: String,
    pub kind: ConversationKind,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteContact {
    pub remote_id: String,
    pub display_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    /// The language the customer's app is set to, when the platform tells it (Telegram's
    /// `language_code`, an IETF tag like "it" or "pt-BR").
    pub language: Option<String>,
}

#[derive(Debug, Clone)]
pub struct InboundMessage {
    /// Unique within the account; the key that makes a redelivery a no-op.
    pub remote_id: String,
    pub conversation: RemoteConversation,
    pub sender: Option<RemoteContact>,
    pub direction: Direction,
    /// "text" or the platform kind of a non-text message, kept even when we cannot show it.
    pub kind: String,
    pub text: String,
    pub sent_at_ms: i64,
    pub reply_to_remote_id: Option<String>,
    pub attachments: Vec<AttachmentMeta>,
    /// Formatting (bold, links…) in the platform's own JSON, kept so it can be shown later.
    pub entities: Option<String>,
    /// "Forwarded from …", as the platform names the origin.
    pub forwarded_from: Option<String>,
    /// Set when the chat reaches the shop through the owner's business account.
    pub business_connection_id: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AttachmentMeta {
    pub kind: String,
    /// What the channel needs to fetch the bytes later (a Telegram file_id, a Meta media id).
    pub remote_ref: Option<String>,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    pub size_bytes: Option<i64>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_secs: Option<i64>,
    /// Kind-specific details as JSON: coordinates, a contact card, a venue's name.
    pub meta: Option<String>,
}

/// Nothing is written before 1970. (Small positive times are wrong too, but harmless to every
/// sum over times; history fixtures and some bridges use them.)
const EARLIEST_MS: i64 = 0;
/// A platform's clock may run a little ahead of ours; a day ahead is a wrong time.
const AHEAD_MS: i64 = 86_400_000;

/// Whether a time a platform gave (Unix ms) can be right, seen at `now_ms`. Out-of-range times
/// (a `date` of 9223372036854775807) are replaced where they enter the store, so no arithmetic
/// on stored times can overflow.
pub fn plausible_time(ms: i64, now_ms: i64) -> bool {
    (EARLIEST_MS..=now_ms.saturating_add(AHEAD_MS)).contains(&ms)
}

/// The platform's time if it can be right, else `now_ms`.
pub fn sane_time(ms: i64, now_ms: i64) -> i64 {
    if plausible_time(ms, now_ms) {
        ms
    } else {
        now_ms
    }
}
