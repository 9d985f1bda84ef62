//! Customers and reach as the window and the CLI see them: one customer across channels, the
//! consent ledger, broadcasts with their pre-flight and report, and click-to-chat posters.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channel::ChannelKind;
use super::contact::CustomerIdentity;
use super::counter::{CustomerNote, Label};
use super::ids::ConversationId;
use super::message::MessageStatus;

/// One customer: every channel identity linked to them, with its conversation.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Customer {
    pub name: String,
    pub channels: Vec<CustomerChannel>,
    /// The merges that made this customer, newest first (each can be undone).
    pub merges: Vec<CustomerMerge>,
    pub labels: Vec<Label>,
    pub notes: Vec<CustomerNote>,
    pub consents: Vec<Consent>,
    /// The poster the customer first arrived through, if any.
    pub source: Option<String>,
}

/// One identity of the customer and the chat the shop has with it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CustomerChannel {
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub channel: ChannelKind,
    /// The shop's account on that channel (its name).
    pub account: String,
    pub title: String,
    pub identities: Vec<CustomerIdentity>,
    /// The shop may write to the customer there now (its reply window is open).
    pub can_write: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeHow {
    /// The same phone, proved by the customer sharing their own Telegram contact.
    Verified,
    /// The shop owner confirmed a suggestion, or merged by hand.
    Confirmed,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CustomerMerge {
    pub id: String,
    pub how: MergeHow,
    pub evidence: String,
    /// The conversation whose identity joined this customer (undoing separates it).
    #[ts(type = "number")]
    pub joined_conversation_id: ConversationId,
    pub joined_title: String,
    pub at: String,
}

/// Why two chats may be one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeEvidence {
    /// The same name, and one chat's phone number written by the customer in the other.
    SameNameAndPhoneInMessage,
    /// The same name only: the weakest hint.
    SameName,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MergeSuggestion {
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub title: String,
    pub channel: ChannelKind,
    #[ts(type = "number")]
    pub other_conversation_id: ConversationId,
    pub other_title: String,
    pub other_channel: ChannelKind,
    pub evidence: MergeEvidence,
    /// What was found, as the owner reads it ("+39 333 1234567 in a message on Telegram").
    pub detail: String,
}

/// The legal ground for messages on a topic (GDPR Art. 6; ePrivacy Art. 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBasis {
    /// The customer agreed (Art. 6(1)(a)).
    Consent,
    /// An existing customer, for similar products, with an opt-out in every message
    /// (ePrivacy Art. 13(2), the "soft opt-in").
    Customer,
}

impl ConsentBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentBasis::Consent => "consent",
            ConsentBasis::Customer => "customer",
        }
    }
}

/// One line of the consent ledger: never deleted, withdrawal fills its last fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Consent {
    pub id: String,
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub customer: String,
    pub channel: ChannelKind,
    pub topic: String,
    pub basis: ConsentBasis,
    pub given_at: String,
    /// How it was given: "poster:vetrina-natale", "chat", "paper form at the counter".
    pub source: String,
    /// The exact words the customer was shown.
    pub wording: String,
    pub wording_version: Option<String>,
    /// The platform's id of the message where the customer said yes.
    pub proof: Option<String>,
    /// The device that recorded it.
    pub recorded_by: String,
    pub withdrawn_at: Option<String>,
    /// How: "wrote STOP", "WhatsApp: stop promotions", "by hand".
    pub withdrawn_how: Option<String>,
    pub withdrawn_proof: Option<String>,
}

/// Who a broadcast is for, before the pre-flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Audience {
    /// Every chat with this label (its name).
    Label { name: String },
    /// Chats picked by hand.
    Conversations {
        #[ts(type = "number[]")]
        ids: Vec<ConversationId>,
    },
}

/// Why a customer in the audience will not receive a broadcast. The names are stable: the
/// CLI's JSON and the window branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// No consent (or soft opt-in) recorded for the topic on this channel.
    NoConsent,
    /// They agreed once and withdrew.
    Withdrawn,
    /// WhatsApp: more than 24 h since they last wrote, and no approved template chosen.
    WindowClosedNeedsTemplate,
    /// Messenger: marketing messages cannot reach customers in the EU; only replies within
    /// 24 h are allowed.
    MessengerMarketingNotAllowed,
    /// Telegram: the customer never started the bot (or the chat is through the owner's
    /// business account, which cannot broadcast).
    TelegramNotStarted,
    /// They blocked the bot or the number.
    Blocked,
    /// WhatsApp refused a marketing message to them recently (131049): wait before retrying.
    MarketingCap,
    /// A group chat, not one customer.
    GroupChat,
}

impl ExclusionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionReason::NoConsent => "no_consent",
            ExclusionReason::Withdrawn => "withdrawn",
            ExclusionReason::WindowClosedNeedsTemplate => "window_closed_needs_template",
            ExclusionReason::MessengerMarketingNotAllowed => "messenger_marketing_not_allowed",
            ExclusionReason::TelegramNotStarted => "telegram_not_started",
            ExclusionReason::Blocked => "blocked",
            ExclusionReason::MarketingCap => "marketing_cap",
            ExclusionReason::GroupChat => "group_chat",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub const ALL: [ExclusionReason; 8] = [
        ExclusionReason::NoConsent,
        ExclusionReason::Withdrawn,
        ExclusionReason::WindowClosedNeedsTemplate,
        ExclusionReason::MessengerMarketingNotAllowed,
        ExclusionReason::TelegramNotStarted,
        ExclusionReason::Blocked,
        ExclusionReason::MarketingCap,
        ExclusionReason::GroupChat,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Broadcast {
    #[ts(type = "number")]
    pub id: i64,
    pub topic: String,
    pub text: String,
    pub audience: Audience,
    pub template_name: Option<String>,
    pub template_language: Option<String>,
    pub created_at: String,
    /// When it was handed to the outbox (None: still a draft).
    pub queued_at: Option<String>,
}

/// One customer of a broadcast's audience.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BroadcastRecipient {
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub title: String,
    pub channel: ChannelKind,
    /// Set for those who will not (or did not) receive it.
    pub reason: Option<ExclusionReason>,
    /// Once queued: the message's state (sent, delivered, read, failed, unknown…).
    pub status: Option<MessageStatus>,
    pub error: Option<String>,
}

/// Who will receive a broadcast and, for everyone else, why not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Preflight {
    pub broadcast: Broadcast,
    pub recipients: Vec<BroadcastRecipient>,
    pub excluded: Vec<BroadcastRecipient>,
}

/// A broadcast's outcome per recipient, with totals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BroadcastReport {
    pub broadcast: Broadcast,
    pub recipients: Vec<BroadcastRecipient>,
    pub excluded: Vec<BroadcastRecipient>,
    #[ts(type = "number")]
    pub waiting: i64,
    #[ts(type = "number")]
    pub sent: i64,
    #[ts(type = "number")]
    pub delivered: i64,
    #[ts(type = "number")]
    pub read: i64,
    #[ts(type = "number")]
    pub failed: i64,
    /// Sends whose fate is unknown (the app stopped mid-send): never resent on their own.
    #[ts(type = "number")]
    pub unknown: i64,
}

/// A click-to-chat poster: one code, three links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Poster {
    /// `[A-Za-z0-9_-]{1,64}`: what the links carry back.
    pub code: String,
    /// The message the customer's WhatsApp opens with (the code is added to it).
    pub text: String,
    /// Arriving through the poster records consent to this topic, with this wording.
    pub consent_topic: Option<String>,
    pub consent_wording: Option<String>,
    pub consent_version: Option<String>,
}

/// A poster with its links and how many customers arrived through it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PosterView {
    pub poster: Poster,
    pub links: Vec<PosterLink>,
    #[ts(type = "number")]
    pub arrivals: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PosterLink {
    pub channel: ChannelKind,
    /// The shop's account the link opens a chat with.
    pub account: String,
    pub url: String,
    /// The QR code of the link, as an SVG document.
    pub qr_svg: String,
}
