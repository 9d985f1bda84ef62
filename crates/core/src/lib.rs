//! sportello-core: everything that is neither window nor protocol code. The SQLite cache, the
//! sync engine and outbox, the [`Channel`] trait, the keyring wrapper and the event bus.

mod accounts;
mod bindings;
pub mod bus;
pub mod channel;
pub mod error;
pub mod inbound;
mod inbox;
mod media;
pub mod model;
mod new_chat;
pub mod notify;
pub mod paths;
mod reactions;
pub mod secrets;
pub mod store;
pub mod sync;
mod templates;
pub mod text;
pub mod time_fmt;
pub mod webhooks;

pub use accounts::NewAccount;
pub use bus::{AccountState, AccountStatus, CoreEvent};
pub use channel::{
    AccountIds, AccountProfile, Channel, ChannelConfig, ChannelError, Connect, OutgoingFile,
    OutgoingMessage, SentReceipt,
};
pub use error::{Error, ErrorPayload, Result};
pub use inbox::{Inbox, DEMO_BOT_TOKEN};
pub use secrets::{AccountSecrets, Sensitive};
pub use sync::{AccountSync, SyncLock};
