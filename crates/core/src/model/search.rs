//! A search result as the window shows it.

use serde::Serialize;
use ts_rs::TS;

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
