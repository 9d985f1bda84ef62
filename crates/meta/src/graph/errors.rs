//! Meta's error answers and lost calls, sorted by what the shop owner (or the outbox) can do
//! about them: renew a token, wait, send a template, fix a permission, or give up on one
//! message. [`CallKind`] says whether a lost call may have had an effect.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use sportello_core::ChannelError;

/// Whether an unanswered call may have had an effect: a lost read is simply retried, a lost
/// send may have reached the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Read,
    Send,
}

/// Meta's error object, `{"error": {...}}`; every field may be missing.
#[derive(Debug, Default, Deserialize)]
pub struct GraphError {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub error_data: Option<Value>,
}

pub(crate) fn server_error(
    service: &str,
    status: reqwest::StatusCode,
    kind: CallKind,
) -> ChannelError {
    let detail = format!("server error (HTTP {status})");
    match kind {
        CallKind::Read => ChannelError::Offline {
            service: service.into(),
            detail,
        },
        CallKind::Send => ChannelError::Uncertain {
            service: service.into(),
            detail,
        },
    }
}

/// Meta's error codes, sorted by what the shop owner (or the outbox) can do about them.
/// <https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/>
pub fn api_error(service: &str, e: &GraphError, http_status: u16, kind: CallKind) -> ChannelError {
    let code = e.code.unwrap_or(0);
    let reason = describe(e, http_status);
    match code {
        // Access token expired, revoked or invalid.
        190 | 102 => ChannelError::Unauthorized {
            service: service.into(),
        },
        // Application, account, spam and pair rate limits.
        4 | 80007 | 130429 | 131048 | 131056 | 613 => ChannelError::RateLimited {
            service: service.into(),
            retry_after: if code == 131056 {
                Duration::from_secs(10)
            } else {
                Duration::from_secs(60)
            },
        },
        // Re-engagement: outside the 24-hour customer service window (WhatsApp), or a
        // Messenger reply outside its allowed window.
        131047 => ChannelError::ReplyWindowClosed {
            service: service.into(),
        },
        10 if e.error_subcode == Some(2018278) => ChannelError::ReplyWindowClosed {
            service: service.into(),
        },
        // Temporarily unavailable: Meta did not take the message.
        1 | 2 | 131000 | 131016 | 133004 if kind == CallKind::Read => ChannelError::Offline {
            service: service.into(),
            detail: reason,
        },
        1 | 2 | 131000 | 131016 | 133004 => ChannelError::Uncertain {
            service: service.into(),
            detail: reason,
        },
        // Permission errors the owner must fix in the Meta dashboard.
        10 | 200..=299 | 3 => ChannelError::InvalidConfig(format!(
            "{service} refused the request: {reason}. The Page or app lost a permission: check it in the Meta dashboard, then reconnect the account."
        )),
        _ if http_status >= 500 => server_error(
            service,
            reqwest::StatusCode::from_u16(http_status).unwrap_or(reqwest::StatusCode::BAD_GATEWAY),
            kind,
        ),
        _ => ChannelError::Rejected {
            service: service.into(),
            reason,
        },
    }
}

/// "Title: details (#code)", from whichever of Meta's fields are present.
pub fn describe(e: &GraphError, http_status: u16) -> String {
    let title = e
        .error_user_title
        .clone()
        .or_else(|| e.message.clone())
        .unwrap_or_else(|| format!("HTTP {http_status}"));
    let details = e
        .error_data
        .as_ref()
        .and_then(|d| d.get("details"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| e.error_user_msg.clone());
    let mut text = match details {
        Some(d) if d != title => format!("{title}: {d}"),
        _ => title,
    };
    if let Some(code) = e.code {
        text.push_str(&format!(" (#{code})"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> GraphError {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/{name}",
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn an_expired_token_asks_for_a_new_one() {
        let e = api_error(
            "WhatsApp",
            &fixture("error_190_463_expired_token_inner.json"),
            401,
            CallKind::Send,
        );
        assert_eq!(e.code(), "AuthExpired");
        assert!(!e.to_string().contains("ACEyrTehk6IAd0lm05Ixogh"));
    }

    #[test]
    fn a_closed_window_offers_templates() {
        let e = api_error(
            "WhatsApp",
            &fixture("error_131047_reengagement_inner.json"),
            400,
            CallKind::Send,
        );
        assert_eq!(e.code(), "ReplyWindowClosed");
    }

    #[test]
    fn rate_limits_back_off_and_keep_the_queue() {
        for code in [4, 80007, 130429, 131056] {
            let e = GraphError {
                code: Some(code),
                ..Default::default()
            };
            assert_eq!(
                api_error("WhatsApp", &e, 400, CallKind::Send).code(),
                "RateLimited",
                "{code}"
            );
        }
    }
}
