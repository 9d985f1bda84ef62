//! The Graph API over HTTP: calls with the account's bearer token, and Meta's error answers and
//! network failures turned into [`ChannelError`]s. The token travels only in a header, so it
//! never appears in a URL, a log line or an error.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use sportello_core::{ChannelError, Sensitive};

use super::errors::{api_error, server_error, CallKind, GraphError};

/// The Graph API version Sportello speaks; the simulator accepts any.
pub const GRAPH_VERSION: &str = "v23.0";
/// Where the Graph API lives when an account names no other server.
pub const GRAPH_BASE: &str = "https://graph.facebook.com";

pub struct GraphApi {
    http: reqwest::Client,
    base: String,
    token: Sensitive<String>,
    service: &'static str,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: GraphError,
}

impl GraphApi {
    pub fn new(
        base: &str,
        token: Sensitive<String>,
        service: &'static str,
    ) -> Result<Self, ChannelError> {
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
        Ok(GraphApi {
            http,
            base: base.trim_end_matches('/').to_owned(),
            token,
            service,
        })
    }

    /// `https://graph.facebook.com/v23.0/<path>`.
    fn url(&self, path: &str) -> String {
        format!("{}/{}/{}", self.base, GRAPH_VERSION, path)
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ChannelError> {
        let request = self.http.get(self.url(path)).query(query);
        self.finish(request, Duration::from_secs(20), CallKind::Read)
            .await
    }

    pub async fn post_json<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
        kind: CallKind,
    ) -> Result<T, ChannelError> {
        let request = self.http.post(self.url(path)).json(body);
        self.finish(request, Duration::from_secs(30), kind).await
    }

    pub async fn post_multipart<T: DeserializeOwned>(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> Result<T, ChannelError> {
        // An upload that got no answer is harmless to repeat: nobody sees an unused media id.
        let request = self.http.post(self.url(path)).multipart(form);
        self.finish(request, Duration::from_secs(120), CallKind::Read)
            .await
    }

    /// A multipart call that sends a message: an unanswered one may have gone out.
    pub async fn post_multipart_send<T: DeserializeOwned>(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> Result<T, ChannelError> {
        let request = self.http.post(self.url(path)).multipart(form);
        self.finish(request, Duration::from_secs(120), CallKind::Send)
            .await
    }

    /// Downloads bytes from a media URL the Graph API handed out (it needs the token too),
    /// refusing anything larger than `max_bytes`.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Vec<u8>, ChannelError> {
        self.fetch(
            self.http.get(url).bearer_auth(self.token.expose()),
            max_bytes,
        )
        .await
    }

    /// Downloads from a signed CDN link (Messenger attachments): the token is not sent there.
    pub async fn download_public(
        &self,
        url: &str,
        max_bytes: u64,
    ) -> Result<Vec<u8>, ChannelError> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ChannelError::Rejected {
                service: self.service.into(),
                reason: "the attachment has no web address".into(),
            });
        }
        self.fetch(self.http.get(url), max_bytes).await
    }

    async fn fetch(
        &self,
        request: reqwest::RequestBuilder,
        max_bytes: u64,
    ) -> Result<Vec<u8>, ChannelError> {
        let mut response = request
            .timeout(Duration::from_secs(300))
            .send()
            .await
            .map_err(|e| self.transport_error(e, CallKind::Read))?;
        if !response.status().is_success() {
            return Err(self.status_error(response.status(), &[], CallKind::Read));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e, CallKind::Read))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > max_bytes {
                return Err(ChannelError::Rejected {
                    service: self.service.into(),
                    reason: format!(
                        "the file is larger than {} MB, more than Sportello keeps",
                        max_bytes / (1024 * 1024)
                    ),
                });
            }
        }
        Ok(bytes)
    }

    async fn finish<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        timeout: Duration,
        kind: CallKind,
    ) -> Result<T, ChannelError> {
        let response = request
            .bearer_auth(self.token.expose())
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| self.transport_error(e, kind))?;
        let status = response.status();
        let wait = retry_after(response.headers());
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e, kind))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| ChannelError::Protocol {
                service: self.service.into(),
                detail: e.to_string(),
            });
        }
        Err(match (self.status_error(status, &body, kind), wait) {
            // Meta's own estimate wins over the outbox's default wait.
            (ChannelError::RateLimited { service, .. }, Some(wait)) => ChannelError::RateLimited {
                service,
                retry_after: wait,
            },
            (e, _) => e,
        })
    }

    fn status_error(
        &self,
        status: reqwest::StatusCode,
        body: &[u8],
        kind: CallKind,
    ) -> ChannelError {
        match serde_json::from_slice::<ErrorEnvelope>(body) {
            Ok(envelope) => api_error(self.service, &envelope.error, status.as_u16(), kind),
            Err(_) if status.is_server_error() => server_error(self.service, status, kind),
            Err(_) => api_error(self.service, &GraphError::default(), status.as_u16(), kind),
        }
    }

    fn transport_error(&self, e: reqwest::Error, kind: CallKind) -> ChannelError {
        let never_connected = e.is_connect();
        let detail = if e.is_timeout() {
            "no answer in time".to_owned()
        } else {
            e.without_url().to_string()
        };
        if never_connected || kind == CallKind::Read {
            ChannelError::Offline {
                service: self.service.into(),
                detail,
            }
        } else {
            ChannelError::Uncertain {
                service: self.service.into(),
                detail,
            }
        }
    }
}

/// The file the shop sends, as a multipart part with its name and type.
pub async fn file_part(
    service: &str,
    file: &sportello_core::OutgoingFile,
) -> Result<(reqwest::multipart::Part, String), ChannelError> {
    let bytes = tokio::fs::read(&file.path)
        .await
        .map_err(|e| ChannelError::Rejected {
            service: service.into(),
            reason: format!("the file to send cannot be read: {e}"),
        })?;
    let mime = file
        .mime_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".into());
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file.file_name.clone())
        .mime_str(&mime)
        .map_err(|e| ChannelError::Rejected {
            service: service.into(),
            reason: format!("unusable file type {mime:?}: {}", e.without_url()),
        })?;
    Ok((part, mime))
}

/// How long Meta asks to wait, when it says: the standard `Retry-After` (seconds), else the
/// longest `estimated_time_to_regain_access` (minutes) of the business use case usage header.
/// Anything unreadable is ignored (the error code's own default applies).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    if let Some(secs) = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_secs(secs.min(24 * 3600)));
    }
    let usage: Value =
        serde_json::from_slice(headers.get("x-business-use-case-usage")?.as_bytes()).ok()?;
    let minutes = usage
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|u| u.get("estimated_time_to_regain_access")?.as_u64())
        .max()?;
    (minutes > 0).then(|| Duration::from_secs(minutes.min(24 * 60) * 60))
}

#[cfg(test)]
mod tests {
    use super::retry_after;
    use reqwest::header::{HeaderMap, HeaderValue};
    use std::time::Duration;

    #[test]
    fn the_wait_meta_asks_for_is_read_from_either_header() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(
            "x-business-use-case-usage",
            HeaderValue::from_static(
                r#"{"102290129340398":[{"type":"whatsapp","call_count":100,"estimated_time_to_regain_access":3}]}"#,
            ),
        );
        assert_eq!(retry_after(&h), Some(Duration::from_secs(180)));
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(
            retry_after(&h),
            Some(Duration::from_secs(180)),
            "unreadable: the other one"
        );
    }
}
