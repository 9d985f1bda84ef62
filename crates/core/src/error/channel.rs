//! What went wrong talking to a platform, sorted by what the sync engine should do about it.
//! Channel crates return it; it names nothing of core but the code, so any layer can use it.

use std::time::Duration;

use super::code::ErrorCode;

/// What went wrong talking to a platform, sorted by what the sync engine should do about it.
/// Messages never contain credentials (URLs carrying a token are stripped before this point).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    #[error("Cannot reach {service}: {detail}. Check the internet connection; Sportello keeps retrying.")]
    Offline { service: String, detail: String },
    #[error("{service} refused the saved credentials (the token was revoked or mistyped). Get a new token and reconnect the account.")]
    Unauthorized { service: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{service} asks to slow down; retrying in {} s.", retry_after.as_secs())]
    RateLimited {
        service: String,
        retry_after: Duration,
    },
    #[error("{service} refused the message: {reason}")]
    Rejected { service: String, reason: String },
    #[error("{service} cannot deliver to this customer: {reason}. They blocked the shop or left the platform.")]
    Unreachable { service: String, reason: String },
    #[error("More than 24 hours have passed since the customer last wrote, so {service} accepts only an approved template. Pick one to restart the conversation.")]
    ReplyWindowClosed { service: String },
    #[error("It is not known whether the message reached {service} ({detail}). Check the chat, then retry or discard it.")]
    Uncertain { service: String, detail: String },
    #[error("{service} sent an answer Sportello does not understand: {detail}")]
    Protocol { service: String, detail: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    InvalidConfig(String),
}

impl ChannelError {
    /// A stable code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            ChannelError::Offline { .. } => ErrorCode::Offline,
            ChannelError::Unauthorized { .. } => ErrorCode::AuthExpired,
            ChannelError::Conflict(_) => ErrorCode::ChannelConflict,
            ChannelError::RateLimited { .. } => ErrorCode::RateLimited,
            ChannelError::Rejected { .. } => ErrorCode::Rejected,
            ChannelError::Unreachable { .. } => ErrorCode::CustomerUnreachable,
            ChannelError::ReplyWindowClosed { .. } => ErrorCode::ReplyWindowClosed,
            ChannelError::Uncertain { .. } => ErrorCode::DeliveryUnknown,
            ChannelError::Protocol { .. } => ErrorCode::ProtocolError,
            ChannelError::Unsupported(_) => ErrorCode::Unsupported,
            ChannelError::InvalidConfig(_) => ErrorCode::InvalidInput,
        }
    }

    /// The platform's name, for the window's own (translated) sentence.
    pub fn service(&self) -> Option<&str> {
        match self {
            ChannelError::Offline { service, .. }
            | ChannelError::Unauthorized { service }
            | ChannelError::RateLimited { service, .. }
            | ChannelError::Rejected { service, .. }
            | ChannelError::Unreachable { service, .. }
            | ChannelError::ReplyWindowClosed { service }
            | ChannelError::Uncertain { service, .. }
            | ChannelError::Protocol { service, .. } => Some(service),
            ChannelError::Conflict(_)
            | ChannelError::Unsupported(_)
            | ChannelError::InvalidConfig(_) => None,
        }
    }

    /// Errors that only the shop owner can fix; retrying on a timer will not help.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            ChannelError::Unauthorized { .. }
                | ChannelError::Conflict(_)
                | ChannelError::InvalidConfig(_)
        )
    }
}
