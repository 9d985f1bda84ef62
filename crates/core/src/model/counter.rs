//! The shop's counter tools as the window and the CLI see them: quick replies, labels, notes
//! about the customer, and whether a conversation is open, snoozed or done.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::ConversationId;

/// A snippet the shop types with a shortcut (`/orari`), with variables ({first_name},
/// {name}, {shop}, each with an optional fallback `{first_name|cliente}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuickReply {
    pub id: String,
    /// Without the slash, e.g. "orari".
    pub shortcut: String,
    pub text: String,
    /// A photo or document sent with it (its caption is the text).
    pub attachment: Option<QuickReplyAttachment>,
    /// The approved WhatsApp template offered instead when the chat's reply window is closed.
    pub template: Option<TemplateRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuickReplyAttachment {
    /// "photo" or "document".
    pub kind: String,
    pub file_name: String,
    /// Where the copy is kept in the data folder (not sent to the window's scripts as a path to
    /// read; shown as its name).
    #[serde(skip_serializing)]
    #[ts(skip)]
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateRef {
    pub name: String,
    pub language: String,
}

/// A quick reply filled in for one conversation's customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RenderedQuickReply {
    pub shortcut: String,
    pub text: String,
    /// Variables with no value and no fallback: the text keeps them in braces, and it must not
    /// be sent until they are written out.
    pub missing: Vec<String>,
    pub attachment: Option<QuickReplyAttachment>,
    pub template: Option<TemplateRef>,
}

/// A label, optionally in a group whose labels exclude each other on a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Label {
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub group: Option<String>,
}

/// A version of a note about a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerNote {
    pub note_id: String,
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub text: String,
    /// When this version was written (RFC 3339).
    pub at: String,
    #[ts(type = "number")]
    pub version: i64,
    /// Earlier versions, newest first.
    pub history: Vec<NoteVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NoteVersion {
    pub text: String,
    pub at: String,
}

/// Open, snoozed until a time, or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Snoozed,
    Done,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Snoozed => "snoozed",
            ConversationStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(ConversationStatus::Open),
            "snoozed" => Some(ConversationStatus::Snoozed),
            "done" => Some(ConversationStatus::Done),
            _ => None,
        }
    }
}

/// Why a conversation is snoozed, and whether a customer's message ends it early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Snooze {
    /// When it comes back (RFC 3339).
    pub until: String,
    /// A message from the customer reopens it before then.
    pub unless_reply: bool,
    /// A follow-up: the shop asked to be reminded if the customer does not answer.
    pub follow_up: bool,
}

/// Who the conversation waits on, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitingOn {
    /// The customer's last message is unanswered.
    Us,
    /// The shop answered last.
    Customer,
}
