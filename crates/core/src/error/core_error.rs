//! Core's one error type. Each variant has a stable [`ErrorCode`] the UI translates and a
//! message a shop owner can act on (in English: the window shows it only as the detail); none
//! of them ever carries a secret.

use super::channel::ChannelError;
use super::code::ErrorCode;
use crate::model::ReplyBlock;

fn reply_block_message(block: ReplyBlock) -> &'static str {
    match block {
        ReplyBlock::WindowExpired => "This customer last wrote more than 24 hours ago, and the platform allows replies only within 24 hours. Answer when they write again.",
        ReplyBlock::NoReplyRight => "The business account's owner has not allowed this bot to reply. In Telegram, open Settings → Business → Chatbots and allow it to reply.",
        ReplyBlock::TemplateOnly => "This customer last wrote more than 24 hours ago, so WhatsApp accepts only an approved template until they write again. Pick a template to restart the conversation.",
        ReplyBlock::ConnectionDisabled => "The bot is no longer connected to this business account. Reconnect it in Telegram (Settings → Business → Chatbots).",
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("No system keyring is running, and Sportello keeps passwords only there. On Linux install and start GNOME Keyring (package gnome-keyring) or KWallet, log in again, then retry. ({0})")]
    KeyringUnavailable(String),
    #[error("The system keyring is locked. Unlock it (log out and in again, or open \"Passwords and Keys\"), then retry.")]
    KeyringLocked,
    #[error("This account's credentials are missing from the system keyring. Reconnect the account in Settings → Channels.")]
    SecretMissing,
    #[error("This account's keyring entry cannot be read ({0}). Reconnect the account in Settings → Channels.")]
    SecretUnreadable(String),
    #[error("There is no {what} with id {id}.")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    InvalidInput(String),
    #[error("{}", reply_block_message(*.0))]
    ReplyWindowClosed(ReplyBlock),
    #[error("Another Sportello (the app or sportello-cli sync) is already syncing {0}. Close it first, or use a different data folder.")]
    SyncBusy(String),
    #[error("The local message store at {path} cannot be used: {detail}")]
    StoreUnavailable { path: String, detail: String },
    #[error("The local message store failed: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("The local message store at {path} is damaged ({detail}). It was not changed; restore the latest backup (sportello-cli restore, or the app's Restore button).")]
    CacheDamaged { path: String, detail: String },
    #[error(transparent)]
    Channel(#[from] ChannelError),
    #[error("Sportello opens only documents, pictures, audio and video. This file (.{0}) could run a program, so it is not opened.")]
    UnsafeFile(String),
    #[error("{0}")]
    FileTooLarge(String),
    /// The computer's own apps could not open a file or a link.
    #[error("No program on this computer opens this ({0}).")]
    OpenFailed(String),
    #[error("Cannot change starting at login: {0}")]
    AutostartFailed(String),
    #[error("The file chooser could not be shown: {0}")]
    FileDialogFailed(String),
    #[error("A background task stopped unexpectedly: {0}")]
    Internal(String),
}

impl Error {
    /// The stable code the UI translates and scripts branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Error::KeyringLocked => ErrorCode::KeyringLocked,
            Error::SecretMissing | Error::SecretUnreadable(_) => ErrorCode::SecretMissing,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::ReplyWindowClosed(_) => ErrorCode::ReplyWindowClosed,
            Error::SyncBusy(_) => ErrorCode::SyncBusy,
            Error::Database(e) if is_damage(e) => ErrorCode::CacheDamaged,
            Error::CacheDamaged { .. } => ErrorCode::CacheDamaged,
            Error::StoreUnavailable { .. } | Error::Database(_) => ErrorCode::StoreFailed,
            Error::Channel(e) => e.code(),
            Error::UnsafeFile(_) => ErrorCode::UnsafeFile,
            Error::FileTooLarge(_) => ErrorCode::FileTooLarge,
            Error::OpenFailed(_) => ErrorCode::OpenFailed,
            Error::AutostartFailed(_) => ErrorCode::AutostartFailed,
            Error::FileDialogFailed(_) => ErrorCode::FileDialogFailed,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    pub(crate) fn not_found(what: &'static str, id: impl ToString) -> Self {
        Error::NotFound {
            what,
            id: id.to_string(),
        }
    }
}

/// SQLite saying the file is not a sound database (overwritten bytes, a torn file).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::Internal(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
