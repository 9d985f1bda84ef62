//! A change to the shop's own state (quick replies, labels, notes, status, read marks), as it
//! is recorded in the log of shop changes and applied by core's one function. Conversations are
//! named by what every desktop of the shop knows them by, not by a local row id.

use serde::{Deserialize, Serialize};

use super::channel::ChannelKind;
use super::counter::{ConversationStatus, Label, TemplateRef};
use super::hours::{AutoKind, AutoMessage, FaqCard, OpeningHours};
use super::reach::{ConsentBasis, MergeHow, Poster};
pub use super::stored_file::StoredFile;

/// A conversation as every desktop of the shop names it: the channel, the platform's id of the
/// account (bot, number, Page) and of the chat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConversationKey {
    pub channel: ChannelKind,
    pub account: String,
    pub chat: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShopChange {
    QuickReplySaved {
        id: String,
        shortcut: String,
        text: String,
        attachment: Option<StoredFile>,
        template: Option<TemplateRef>,
    },
    QuickReplyRemoved {
        id: String,
    },
    QuickRepliesOrdered {
        ids: Vec<String>,
    },
    LabelSaved {
        label: Label,
    },
    LabelRemoved {
        id: String,
    },
    Labelled {
        conversation: ConversationKey,
        label: String,
    },
    Unlabelled {
        conversation: ConversationKey,
        label: String,
    },
    NoteWritten {
        note_id: String,
        conversation: ConversationKey,
        text: String,
    },
    NoteRemoved {
        note_id: String,
    },
    StatusSet {
        conversation: ConversationKey,
        status: ConversationStatus,
        /// Snoozed: until when (Unix ms).
        until_ms: Option<i64>,
        /// Snoozed: a customer's message ends it early.
        unless_reply: bool,
        /// Snoozed: a follow-up the shop asked to be reminded of.
        follow_up: bool,
    },
    Read {
        conversation: ConversationKey,
    },
    MarkedUnread {
        conversation: ConversationKey,
    },
    HoursSet {
        hours: OpeningHours,
    },
    /// The away or greeting message (a FAQ answer is a card).
    AutoMessageSet {
        which: AutoKind,
        message: AutoMessage,
    },
    FaqCardSaved {
        card: FaqCard,
    },
    FaqCardRemoved {
        id: String,
    },
    FaqSwitched {
        on: bool,
    },
    /// Two chats are one customer: `joined`'s customer (every identity of it) joins `kept`'s.
    CustomersMerged {
        id: String,
        kept: ConversationKey,
        joined: ConversationKey,
        how: MergeHow,
        evidence: String,
    },
    /// A merge undone: the identities it joined are a customer of their own again.
    CustomerMergeUndone {
        id: String,
    },
    /// A line of the consent ledger.
    ConsentGiven {
        id: String,
        conversation: ConversationKey,
        topic: String,
        basis: ConsentBasis,
        given_at_ms: i64,
        source: String,
        wording: String,
        wording_version: Option<String>,
        proof: Option<String>,
    },
    /// Consent withdrawn: for one topic, or (None) every topic of every identity of the
    /// customer (a STOP). The ledger's lines stay, with the withdrawal filled in.
    ConsentWithdrawn {
        conversation: ConversationKey,
        topic: Option<String>,
        how: String,
        proof: Option<String>,
    },
    PosterSaved {
        poster: Poster,
    },
    PosterRemoved {
        code: String,
    },
}

impl ShopChange {
    /// The change's kind as the log stores it.
    pub fn kind(&self) -> &'static str {
        match self {
            ShopChange::QuickReplySaved { .. } => "quick_reply_saved",
            ShopChange::QuickReplyRemoved { .. } => "quick_reply_removed",
            ShopChange::QuickRepliesOrdered { .. } => "quick_replies_ordered",
            ShopChange::LabelSaved { .. } => "label_saved",
            ShopChange::LabelRemoved { .. } => "label_removed",
            ShopChange::Labelled { .. } => "labelled",
            ShopChange::Unlabelled { .. } => "unlabelled",
            ShopChange::NoteWritten { .. } => "note_written",
            ShopChange::NoteRemoved { .. } => "note_removed",
            ShopChange::StatusSet { .. } => "status_set",
            ShopChange::Read { .. } => "read",
            ShopChange::MarkedUnread { .. } => "marked_unread",
            ShopChange::HoursSet { .. } => "hours_set",
            ShopChange::AutoMessageSet { .. } => "auto_message_set",
            ShopChange::FaqCardSaved { .. } => "faq_card_saved",
            ShopChange::FaqCardRemoved { .. } => "faq_card_removed",
            ShopChange::FaqSwitched { .. } => "faq_switched",
            ShopChange::CustomersMerged { .. } => "customers_merged",
            ShopChange::CustomerMergeUndone { .. } => "customer_merge_undone",
            ShopChange::ConsentGiven { .. } => "consent_given",
            ShopChange::ConsentWithdrawn { .. } => "consent_withdrawn",
            ShopChange::PosterSaved { .. } => "poster_saved",
            ShopChange::PosterRemoved { .. } => "poster_removed",
        }
    }
}
