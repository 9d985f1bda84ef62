//! The SQLite cache: everything the UI shows is read from here; the network is never on that
//! path. Blocking SQL, one file per table or area of the shop, each an `impl Store`; async
//! callers go through `inbox/`. This file only names them.

mod accounts;
mod attachments;
mod chat_actions;
mod contact_card;
mod conversations;
mod cursors;
mod database;
mod ingest;
mod messages;
mod migrate;
mod new_chat;
mod outbox;
mod parties;
mod rows;
mod search;
mod settings;
mod statuses;
#[cfg(test)]
pub(crate) mod test_support;
mod webhooks;

pub use accounts::NewAccountRow;
pub use attachments::AttachmentSource;
pub use cursors::INBOUND_STREAM;
pub use database::Store;
pub use ingest::Ingested;
pub use outbox::{OutboxItem, SendOutcome};
pub use webhooks::{RawDelivery, WebhookAccount};
