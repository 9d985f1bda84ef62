//! Tauri commands, one file per area of the window (accounts, conversations, messages,
//! settings); each is a one-line adapter into core.

pub mod accounts;
pub mod conversations;
pub mod messages;
pub mod settings;
