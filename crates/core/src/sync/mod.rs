//! The sync engine: a task per account while the app (or `sportello-cli sync`) runs, and a
//! one-shot pass for `sync --once`. Both hold the data dir's [`SyncLock`]. Sending goes through
//! the outbox in `sender.rs`, whatever started it.

mod account_task;
mod clock;
mod engine;
mod lock;
mod once;
mod receipts;
mod sender;

pub(crate) use engine::Running;
pub use lock::SyncLock;
pub use once::AccountSync;
pub use sender::SendPass;
