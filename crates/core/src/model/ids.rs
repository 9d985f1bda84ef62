//! The ids of the shop's things, as the UI and the CLI pass them around.

pub type AccountId = i64;
pub type ConversationId = i64;
pub type MessageId = i64;
