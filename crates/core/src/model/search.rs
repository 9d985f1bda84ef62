//! A search result as the window shows it.

use serde::Serialize;
use ts_rs::TS;

use super::ids::ConversationId;
use super::message::MessageView;

/// A search result: the message, and its text with the matched words marked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchHit {
    pub message: MessageView,
    pub conversation_title: String,
    /// The text cut around the match, split into plain and matched pieces so the UI never
    /// has to inject markup.
    pub fragments: Vec<SearchFragment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchFragment {
    pub text: String,
    pub matched: bool,
}

/// A note about a customer that matches a search, marked as a note in the results.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NoteHit {
    pub note_id: String,
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    pub conversation_title: String,
    /// When this version of the note was written (RFC 3339).
    pub at: String,
    pub fragments: Vec<SearchFragment>,
}
