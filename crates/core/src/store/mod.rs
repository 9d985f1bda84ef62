//! The SQLite cache: everything the UI shows is read from here; the network is never on that
//! path. Blocking SQL, one file per table or area of the shop, each an `impl Store`; async
//! callers go through `inbox/`. This file only names them.

mod accounts;
mod attachments;
mod auto_replies;
mod auto_settings;
pub mod backup;
pub mod broadcasts;
mod chat_actions;
mod chat_list;
mod completion;
pub mod consents;
mod contact_card;
mod conversation_status;
mod conversations;
mod cursors;
mod customer_suggestions;
mod customers;
mod database;
mod enqueue;
mod figures;
mod ingest;
mod keys;
mod labels;
mod messages;
mod migrate;
mod new_chat;
mod notes;
mod outbox;
mod parties;
pub mod posters;
mod preflight;
mod quick_replies;
mod reach_ingest;
mod rows;
mod scheduled;
mod search;
mod settings;
mod shop_log;
mod statuses;
#[cfg(test)]
pub(crate) mod test_support;
mod webhooks;
mod who_waits;

pub use accounts::NewAccountRow;
pub use attachments::AttachmentSource;
pub use conversation_status::SnoozeEnded;
pub use cursors::INBOUND_STREAM;
pub use database::Store;
pub use ingest::Ingested;
pub use labels::MAX_LABELS;
pub use notes::MAX_NOTE_CHARS;
pub use outbox::{OutboxItem, SendOutcome};
pub use quick_replies::MAX_QUICK_REPLIES;
pub use scheduled::Waiting;
pub use shop_log::{Applied, RecordedChange};
pub use webhooks::{RawDelivery, WebhookAccount};
