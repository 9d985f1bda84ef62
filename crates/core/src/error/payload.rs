//! The error as it crosses into the window and `sportello-cli --json`: the code the window
//! translates, core's English sentence as the detail, and the few facts a translated sentence
//! needs (which platform, why a reply is blocked, how long to wait).

use serde::Serialize;
use ts_rs::TS;

use super::channel::ChannelError;
use super::code::ErrorCode;
use super::core_error::Error;
use crate::model::ReplyBlock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    /// Core's sentence in English: shown behind "Details", never as the main text.
    pub message: String,
    /// The platform concerned ("Telegram", "WhatsApp"…), when there is one.
    pub service: Option<String>,
    /// Why no reply is possible now (with `ReplyWindowClosed`).
    pub reply_block: Option<ReplyBlock>,
    /// Seconds until the platform takes messages again (with `RateLimited`).
    #[ts(type = "number | null")]
    pub retry_after_s: Option<u64>,
}

impl ErrorPayload {
    /// A payload for a code without an [`Error`] behind it (the window's own checks).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorPayload {
            code,
            message: message.into(),
            service: None,
            reply_block: None,
            retry_after_s: None,
        }
    }
}

impl From<&ChannelError> for ErrorPayload {
    fn from(e: &ChannelError) -> Self {
        let mut payload = ErrorPayload::new(e.code(), e.to_string());
        payload.service = e.service().map(str::to_owned);
        if let ChannelError::RateLimited { retry_after, .. } = e {
            payload.retry_after_s = Some(retry_after.as_secs());
        }
        payload
    }
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        match e {
            Error::Channel(channel) => ErrorPayload::from(channel),
            Error::ReplyWindowClosed(block) => ErrorPayload {
                reply_block: Some(*block),
                ..ErrorPayload::new(e.code(), e.to_string())
            },
            other => ErrorPayload::new(other.code(), other.to_string()),
        }
    }
}
