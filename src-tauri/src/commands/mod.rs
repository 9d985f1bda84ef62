//! Tauri commands, one file per area; each is a one-line adapter into core.

pub mod accounts;
pub mod conversations;
pub mod files;
pub mod messages;
pub mod messenger;
pub mod settings;
pub mod whatsapp;
