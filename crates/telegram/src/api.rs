//! The Bot API over HTTP: one method call, and the translation of Telegram's answers and
//! network failures into [`ChannelError`]s. The token is part of every URL, so no URL ever
//! reaches an error message or a log line.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use sportello_core::{ChannelError, Sensitive};

use crate::types::ApiResponse;

const SERVICE: &str = "Telegram";

/// Whether an unanswered call may have had an effect: a lost getUpdates is simply retried,
/// a lost sendMessage may have been delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Read,
    Send,
}

pub struct BotApi {
    http: reqwest::Client,
    base: String,
    token: Sensitive<String>,
}

impl BotApi {
    pub fn new(base: &str, token: Sensitive<String>) -> Result<Self, ChannelError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("Sportello/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                ChannelError::InvalidConfig(format!(
                    "cannot start the HTTP client: {}",
                    e.without_url()
                ))
            })?;
        Ok(BotApi {
            http,
            base: base.trim_end_matches('/').to_owned(),
            token,
        })
    }

    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: &Value,
        timeout: Duration,
        kind: CallKind,
    ) -> Result<T, ChannelError> {
        let request = self.http.post(self.url(method)).json(params);
        self.finish(method, request, timeout, kind).await
    }

    /// A call with a file upload (multipart/form-data), as sendPhoto and sendDocument take.
    pub async fn call_multipart<T: DeserializeOwned>(
        &self,
        method: &str,
        form: reqwest::multipart::Form,
        timeout: Duration,
    ) -> Result<T, ChannelError> {
        let request = self.http.post(self.url(method)).multipart(form);
        self.finish(method, request, timeout, CallKind::Send).await
    }

    fn url(&self, method: &str) -> String {
        format!("{}/bot{}/{}", self.base, self.token.expose(), method)
    }

    async fn finish<T: DeserializeOwned>(
        &self,
        method: &str,
        request: reqwest::RequestBuilder,
        timeout: Duration,
        kind: CallKind,
    ) -> Result<T, ChannelError> {
        let response = request
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| transport_error(e, kind))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, kind))?;
        let parsed: ApiResponse<T> = match serde_json::from_slice(&body) {
            Ok(p) => p,
            Err(_) if status.is_server_error() => {
                return Err(server_error(format!("HTTP {status}"), kind))
            }
            Err(e) if status.is_success() => {
                return Err(ChannelError::Protocol {
                    service: SERVICE.into(),
                    detail: format!("{method}: {e}"),
                })
            }
            Err(_) => {
                return Err(api_error(status.as_u16().into(), None, None, kind));
            }
        };
        if parsed.ok {
            return parsed.result.ok_or_else(|| ChannelError::Protocol {
                service: SERVICE.into(),
                detail: format!("{method}: ok without result"),
            });
        }
        let code = parsed.error_code.unwrap_or(status.as_u16().into());
        Err(api_error(
            code,
            parsed.description,
            parsed.parameters.and_then(|p| p.retry_after),
            kind,
        ))
    }

    /// Downloads a file from the Bot API's file endpoint.
    pub async fn download(&self, file_path: &str) -> Result<Vec<u8>, ChannelError> {
        let url = format!(
            "{}/file/bot{}/{}",
            self.base,
            self.token.expose(),
            file_path
        );
        let response = self
            .http
            .get(url)
            .timeout(Duration::from_secs(120))
            .send()
            .await
            .map_err(|e| transport_error(e, CallKind::Read))?;
        if !response.status().is_success() {
            return Err(api_error(
                response.status().as_u16().into(),
                None,
                None,
                CallKind::Read,
            ));
        }
        Ok(response
            .bytes()
            .await
            .map_err(|e| transport_error(e, CallKind::Read))?
            .to_vec())
    }
}

fn transport_error(e: reqwest::Error, kind: CallKind) -> ChannelError {
    let connect = e.is_connect();
    let timeout = e.is_timeout();
    let detail = e.without_url().to_string();
    match kind {
        // Never connected: the request surely did not arrive.
        _ if connect => ChannelError::Offline {
            service: SERVICE.into(),
            detail,
        },
        CallKind::Read => ChannelError::Offline {
            service: SERVICE.into(),
            detail: if timeout {
                "no answer in time".into()
            } else {
                detail
            },
        },
        CallKind::Send => ChannelError::Uncertain {
            service: SERVICE.into(),
            detail: if timeout {
                "no answer in time".into()
            } else {
                detail
            },
        },
    }
}

fn server_error(detail: String, kind: CallKind) -> ChannelError {
    match kind {
        CallKind::Read => ChannelError::Offline {
            service: SERVICE.into(),
            detail: format!("server error ({detail})"),
        },
        CallKind::Send => ChannelError::Uncertain {
            service: SERVICE.into(),
            detail: format!("server error ({detail})"),
        },
    }
}

/// Telegram's documented error codes, turned into what the shop owner can do about them.
pub fn api_error(
    code: i64,
    description: Option<String>,
    retry_after: Option<u64>,
    kind: CallKind,
) -> ChannelError {
    let description = description.unwrap_or_else(|| format!("error {code}"));
    if description.contains("file is too big") {
        return ChannelError::Rejected {
            service: SERVICE.into(),
            reason: "Telegram lets bots download files only up to 20 MB; open this one in the Telegram app.".into(),
        };
    }
    match code {
        // An invalid token answers 401 "Unauthorized", or 404 "Not Found" when it is malformed.
        401 | 404 => ChannelError::Unauthorized {
            service: SERVICE.into(),
        },
        409 => ChannelError::Conflict(format!(
            "Another program is receiving this bot's messages ({description}). Stop the other program or remove the bot's webhook, then Sportello can receive."
        )),
        429 => ChannelError::RateLimited {
            service: SERVICE.into(),
            retry_after: Duration::from_secs(retry_after.unwrap_or(5).max(1)),
        },
        500..=599 => server_error(description, kind),
        // "bot was blocked by the user", "user is deactivated": nothing will reach them.
        403 if kind == CallKind::Send => ChannelError::Unreachable {
            service: SERVICE.into(),
            reason: description,
        },
        _ => ChannelError::Rejected {
            service: SERVICE.into(),
            reason: description,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> ApiResponse<Value> {
        let p = PathBuf::from(
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
        )
        .join("../../../shared/fixtures/telegram")
        .join(name);
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    }

    fn classify(name: &str, kind: CallKind) -> ChannelError {
        let r = fixture(name);
        assert!(!r.ok);
        api_error(
            r.error_code.unwrap(),
            r.description,
            r.parameters.and_then(|p| p.retry_after),
            kind,
        )
    }

    #[test]
    fn too_many_requests_honours_retry_after() {
        assert_eq!(
            classify("error_429_too_many_requests.json", CallKind::Send),
            ChannelError::RateLimited {
                service: SERVICE.into(),
                retry_after: Duration::from_secs(14)
            }
        );
    }

    #[test]
    fn a_blocked_bot_is_a_refusal_not_a_retry() {
        let e = classify("error_403_user_deactivated.json", CallKind::Send);
        assert!(matches!(e, ChannelError::Unreachable { .. }), "{e:?}");
    }
}
