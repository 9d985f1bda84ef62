//! Tauri commands, one file per area of the window (accounts, the chat list, a chat's
//! messages, the contact panel, Settings and its quick replies, labels, hours and automatic replies, the Figures view); each is a
//! one-line adapter into core.

pub mod accounts;
pub mod contact;
pub mod conversations;
pub mod damage;
pub mod hours;
pub mod labels;
pub mod messages;
pub mod quick_replies;
pub mod reach;
pub mod settings;
