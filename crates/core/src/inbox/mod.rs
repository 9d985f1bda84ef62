//! [`Inbox`]: the one front door to core for the app and the CLI, async, publishing what
//! changed on the event bus. One file per area of the shop, each an `impl Inbox` over the
//! blocking SQL of `store/` (which it runs off the async runtime); `handle.rs` holds what they
//! share. A new feature adds its file here and its SQL in `store/`.

mod accounts;
mod auto_replies;
mod backup;
mod broadcasts;
mod chat_actions;
mod consent;
mod conversation_status;
mod customers;
mod export;
mod figures;
mod handle;
mod hours;
mod ingest;
mod labels;
mod media;
mod new_chat;
mod notes;
mod posters;
mod quick_replies;
mod reactions;
mod reading;
mod scheduled;
mod sending;
mod settings;
mod shop_log;
mod templates;
mod webhooks;

pub use accounts::{NewAccount, DEMO_BOT_TOKEN};
pub use auto_replies::FaqDraft;
pub use consent::ConsentDraft;
pub use export::ExportedChat;
pub use handle::Inbox;
pub use posters::PosterFiles;
pub use quick_replies::QuickReplyDraft;
pub use scheduled::Scheduled;
