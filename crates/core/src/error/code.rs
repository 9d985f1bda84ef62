//! The stable codes of everything that can go wrong, as the window, the CLI's `--json` and
//! scripts branch on them. The window translates each code into the shop owner's language and
//! shows core's English sentence only as the detail. Imports nothing of core, so every layer can
//! name a code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One code per thing the shop owner (or a script) does something different about. Serialized
/// as its name (`"AuthExpired"`): a contract with the UI and with `sportello-cli --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ErrorCode {
    /// No Secret Service (keyring) runs on this computer.
    KeyringUnavailable,
    /// The keyring is there but locked.
    KeyringLocked,
    /// The account's keyring entry is missing or unreadable: reconnect the account.
    SecretMissing,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// Something the owner typed or chose is not right; the detail says what.
    InvalidInput,
    /// The platform allows no reply now (its window closed, no right to reply).
    ReplyWindowClosed,
    /// Another Sportello syncs the same data folder.
    SyncBusy,
    /// The local message store cannot be read or written.
    StoreFailed,
    /// The local message store is damaged (or suddenly empty): restore a backup.
    CacheDamaged,
    /// A bug or a background task that stopped: not the owner's doing.
    Internal,
    /// The platform cannot be reached.
    Offline,
    /// The platform refused the saved credentials.
    AuthExpired,
    /// Another program receives this account's messages.
    ChannelConflict,
    /// The platform asks to slow down.
    RateLimited,
    /// The platform refused a message; the detail is its reason.
    Rejected,
    /// It is not known whether a message went out.
    DeliveryUnknown,
    /// The customer blocked the shop (or closed their account): nothing reaches them.
    CustomerUnreachable,
    /// The customer has not agreed to the broadcast's topic, or withdrew.
    ConsentMissing,
    /// The platform answered something Sportello does not understand.
    ProtocolError,
    /// The channel cannot do this.
    Unsupported,
    /// A customer's file that could run a program is never opened.
    UnsafeFile,
    /// A file too large for the channel.
    FileTooLarge,
    /// The computer could not open a file or link with its own app.
    OpenFailed,
    /// Starting at login could not be changed.
    AutostartFailed,
    /// The system's file chooser could not be shown.
    FileDialogFailed,
}

impl ErrorCode {
    /// The code's name, as serialized (for logs and plain CLI output).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::KeyringUnavailable => "KeyringUnavailable",
            ErrorCode::KeyringLocked => "KeyringLocked",
            ErrorCode::SecretMissing => "SecretMissing",
            ErrorCode::NotFound => "NotFound",
            ErrorCode::InvalidInput => "InvalidInput",
            ErrorCode::ReplyWindowClosed => "ReplyWindowClosed",
            ErrorCode::CustomerUnreachable => "CustomerUnreachable",
            ErrorCode::ConsentMissing => "ConsentMissing",
            ErrorCode::SyncBusy => "SyncBusy",
            ErrorCode::StoreFailed => "StoreFailed",
            ErrorCode::CacheDamaged => "CacheDamaged",
            ErrorCode::Internal => "Internal",
            ErrorCode::Offline => "Offline",
            ErrorCode::AuthExpired => "AuthExpired",
            ErrorCode::ChannelConflict => "ChannelConflict",
            ErrorCode::RateLimited => "RateLimited",
            ErrorCode::Rejected => "Rejected",
            ErrorCode::DeliveryUnknown => "DeliveryUnknown",
            ErrorCode::ProtocolError => "ProtocolError",
            ErrorCode::Unsupported => "Unsupported",
            ErrorCode::UnsafeFile => "UnsafeFile",
            ErrorCode::FileTooLarge => "FileTooLarge",
            ErrorCode::OpenFailed => "OpenFailed",
            ErrorCode::AutostartFailed => "AutostartFailed",
            ErrorCode::FileDialogFailed => "FileDialogFailed",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `code == "AuthExpired"` reads as before, in tests and in fronts that compare strings.
impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn the_wire_name_is_the_variant_name() {
        for code in [ErrorCode::AuthExpired, ErrorCode::FileDialogFailed] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }
}
