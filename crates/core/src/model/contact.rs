//! The contact panel's vocabulary: how a channel names the customer, and the chat's media.

use serde::Serialize;
use ts_rs::TS;

use super::message::MessageView;

/// The contact panel: how the customer is known on their channel, and the chat's media.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ContactCard {
    pub identities: Vec<CustomerIdentity>,
    /// The chat's photos, videos, voice notes and files, newest first.
    pub media: Vec<MessageView>,
    /// More media than `media` holds exists further back in the chat.
    pub more_media: bool,
}

/// One way the platform names the customer (or, for a group, the chat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerIdentity {
    pub kind: IdentityKind,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// A phone number in international format (WhatsApp's customers; a Telegram user who
    /// shared theirs).
    Phone,
    /// A Telegram @username.
    Username,
    /// Telegram's numeric user id.
    TelegramId,
    /// Telegram's id of a group chat.
    TelegramChatId,
    /// WhatsApp's id of the customer when it is not a phone number.
    WhatsappId,
    /// Messenger's Page-scoped id (PSID): the customer's id for this Page only.
    PageScopedId,
}
