//! sportello-core: everything that is neither window nor protocol code. The SQLite cache, the
//! sync engine and outbox, the [`Channel`] trait, the keyring wrapper and the event bus.
//!
//! Layers (ARCHITECTURE.md): `inbox/` is the async front door the app and the CLI call; it runs
//! the blocking SQL of `store/` and publishes on `bus`. `sync/` drives the channels through
//! `channel` and stores what they bring as `inbound` events. This file only names the parts;
//! inside the crate, paths name the file that defines a thing, never these re-exports.

pub mod auto_reply;
mod bindings;
pub mod bus;
pub mod channel;
pub mod deliveries;
pub mod error;
pub mod hours;
pub mod inbound;
mod inbox;
pub mod model;
pub mod notify;
pub mod paths;
pub mod reach;
pub mod secrets;
pub mod snippet;
pub mod store;
pub mod sync;
pub mod text;
pub mod time_fmt;

pub use bus::{AccountState, AccountStatus, CoreEvent};
pub use channel::{
    AccountIds, AccountProfile, Channel, ChannelConfig, Connect, OutgoingFile, OutgoingMessage,
    SentReceipt,
};
pub use error::{ChannelError, Error, ErrorCode, ErrorPayload, Result};
pub use inbox::{
    ConsentDraft, ExportedChat, FaqDraft, Inbox, NewAccount, PosterFiles, QuickReplyDraft,
    Scheduled, DEMO_BOT_TOKEN,
};
pub use secrets::{AccountSecrets, Sensitive};
pub use sync::{AccountSync, SyncLock};
