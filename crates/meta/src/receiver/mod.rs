//! The webhook receiver Meta delivers to (WhatsApp Cloud API, Messenger). It checks the
//! `X-Hub-Signature-256` over the raw body, refuses oversized bodies, and saves each verified
//! delivery durably before answering 200; the accounts' sync tasks process it from there. So a
//! crash between answering and processing loses nothing, and a crash before answering makes
//! Meta deliver again (stored once: messages are deduplicated by their ids). What an
//! unauthenticated peer can hold is limited (serve.rs: connections and headers; body.rs: bodies).
//! <https://developers.facebook.com/docs/graph-api/webhooks/getting-started>

pub mod body;
mod serve;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::Value;
use sportello_core::model::{AccountId, ChannelKind};
use sportello_core::secrets::{self, SecretName};
use sportello_core::store::WebhookAccount;
use sportello_core::Inbox;
use tokio_util::sync::CancellationToken;

use crate::signature::{self, SignatureError};

/// Where Meta is told to deliver, on whatever address the tunnel forwards to.
pub const WEBHOOK_PATH: &str = "/webhooks/meta";
/// The receiver listens only on this machine unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8737";
/// Meta's deliveries are small (a history chunk is the largest); anything bigger is not Meta.
pub const DEFAULT_MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ReceiverOptions {
    pub listen: SocketAddr,
    pub max_body_bytes: usize,
}

impl Default for ReceiverOptions {
    fn default() -> Self {
        ReceiverOptions {
            listen: DEFAULT_LISTEN.parse().expect("valid default address"),
            max_body_bytes: DEFAULT_MAX_BODY,
        }
    }
}

/// The receiver while it runs; stops when dropped.
pub struct Receiver {
    addr: SocketAddr,
    stop: CancellationToken,
}

impl Receiver {
    /// Binds and starts serving. Fails if the address is taken (another Sportello, or any
    /// other program) so the caller can say so.
    pub async fn start(inbox: Inbox, options: ReceiverOptions) -> std::io::Result<Receiver> {
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            tracing::warn!(%addr, "the webhook receiver listens beyond this machine, as asked");
        }
        let state = Arc::new(ReceiverState {
            inbox,
            keys: Mutex::default(),
            max_body_bytes: options.max_body_bytes,
            bodies: body::Budget::default(),
        });
        let app = Router::new()
            .route(WEBHOOK_PATH, get(verify_subscription).post(delivery))
            .with_state(state);
        let stop = CancellationToken::new();
        tokio::spawn(serve::serve(listener, app, stop.clone()));
        tracing::info!(%addr, path = WEBHOOK_PATH, "webhook receiver listening");
        Ok(Receiver { addr, stop })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

struct ReceiverState {
    inbox: Inbox,
    /// Each account's app secret and verify token, loaded from the keyring once.
    keys: Mutex<HashMap<AccountId, Keys>>,
    max_body_bytes: usize,
    /// Memory for bodies being read, shared by every connection.
    bodies: body::Budget,
}

#[derive(Clone)]
struct Keys {
    account: WebhookAccount,
    app_secret: Option<sportello_core::Sensitive<String>>,
    verify_token: Option<sportello_core::Sensitive<String>>,
}

impl ReceiverState {
    /// The keys of every webhook account; `reload` re-reads the keyring (after a reconnect the
    /// secrets change under the same entry).
    async fn keys(&self, reload: bool) -> Vec<Keys> {
        let accounts = match self.inbox.webhook_accounts().await {
            Ok(a) => a,
            Err(e) => {
                tracing::error!("cannot list accounts for the webhook: {e}");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for account in accounts {
            let cached = self
                .keys
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&account.id)
                .filter(|k| k.account == account)
                .cloned();
            let keys = match cached {
                Some(k) if !reload => k,
                _ => {
                    let secret_ref = account.secret_ref.clone();
                    let loaded = tokio::task::spawn_blocking(move || secrets::load(&secret_ref))
                        .await
                        .map_err(|e| e.to_string())
                        .and_then(|r| r.map_err(|e| e.to_string()));
                    let keys = match loaded {
                        Ok(s) => Keys {
                            account: account.clone(),
                            app_secret: s.get(SecretName::AppSecret).cloned(),
                            verify_token: s.get(SecretName::VerifyToken).cloned(),
                        },
                        Err(e) => {
                            tracing::warn!(
                                account = account.id,
                                "cannot read the account's secrets: {e}"
                            );
                            continue;
                        }
                    };
                    self.keys
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(account.id, keys.clone());
                    keys
                }
            };
            out.push(keys);
        }
        out
    }
}

#[derive(Deserialize)]
struct Subscription {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Meta's one-time check when the webhook is registered: echo the challenge if the verify
/// token is one of ours.
async fn verify_subscription(
    State(state): State<Arc<ReceiverState>>,
    Query(q): Query<Subscription>,
) -> (StatusCode, String) {
    let (Some("subscribe"), Some(token), Some(challenge)) =
        (q.mode.as_deref(), q.verify_token.as_deref(), q.challenge)
    else {
        return (StatusCode::BAD_REQUEST, "not a subscription check".into());
    };
    let known = |keys: &[Keys]| {
        keys.iter().any(|k| {
            k.verify_token
                .as_ref()
                .is_some_and(|v| constant_time_eq(v.expose().as_bytes(), token.as_bytes()))
        })
    };
    if known(&state.keys(false).await) || known(&state.keys(true).await) {
        tracing::info!("webhook subscription verified");
        (StatusCode::OK, challenge)
    } else {
        tracing::warn!("webhook subscription check with an unknown verify token");
        (StatusCode::FORBIDDEN, "unknown verify token".into())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn delivery(
    State(state): State<Arc<ReceiverState>>,
    headers: HeaderMap,
    raw: Body,
) -> (StatusCode, &'static str) {
    let header = headers
        .get("x-hub-signature-256")
        .and_then(|h| h.to_str().ok());
    if header.is_none() {
        tracing::warn!("webhook delivery without a signature refused");
        return (StatusCode::UNAUTHORIZED, "missing X-Hub-Signature-256");
    }
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = match body::read(raw, declared, state.max_body_bytes, &state.bodies).await {
        Ok(body) => body,
        Err(refused) => {
            tracing::warn!(?refused, "webhook delivery body not read");
            return match refused {
                body::Refused::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body too large"),
                body::Refused::TooSlow => (StatusCode::REQUEST_TIMEOUT, "body too slow"),
                body::Refused::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy, try again"),
                body::Refused::Broken => (StatusCode::BAD_REQUEST, "body broken off"),
            };
        }
    };
    // Verified against every account's app secret; reload once in case a secret changed.
    let mut signed_for = signed_by(&state.keys(false).await, &body, header);
    if signed_for.is_empty() {
        signed_for = signed_by(&state.keys(true).await, &body, header);
    }
    if signed_for.is_empty() {
        tracing::warn!("webhook delivery with a signature no account's app secret made, refused");
        return (StatusCode::FORBIDDEN, "invalid signature");
    }
    let Ok(json) = crate::json::parse(&body) else {
        tracing::warn!("signed webhook delivery is not JSON, refused");
        return (StatusCode::BAD_REQUEST, "body is not JSON");
    };
    let owners = owners(&json, &signed_for);
    if owners.is_empty() {
        let object = json.get("object").and_then(Value::as_str).unwrap_or("?");
        tracing::info!(
            object,
            "webhook delivery for a number or Page no account here owns; acknowledged, not stored"
        );
        return (StatusCode::OK, "EVENT_RECEIVED");
    }
    match state.inbox.save_delivery(body.to_vec(), owners).await {
        Ok(_) => (StatusCode::OK, "EVENT_RECEIVED"),
        Err(e) => {
            // Not 200: Meta keeps the delivery and tries again.
            tracing::error!("cannot store a webhook delivery: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "cannot store the delivery now",
            )
        }
    }
}

/// The accounts whose app secret made this signature.
fn signed_by(keys: &[Keys], body: &[u8], header: Option<&str>) -> Vec<WebhookAccount> {
    keys.iter()
        .filter(|k| {
            k.app_secret.as_ref().is_some_and(|secret| {
                match signature::verify(secret.expose(), body, header) {
                    Ok(()) => true,
                    Err(
                        SignatureError::Missing
                        | SignatureError::Malformed
                        | SignatureError::Mismatch,
                    ) => false,
                }
            })
        })
        .map(|k| k.account.clone())
        .collect()
}

/// Which of the (signature-checked) accounts the delivery concerns.
fn owners(json: &Value, accounts: &[WebhookAccount]) -> Vec<AccountId> {
    let named: Vec<String> = match json.get("object").and_then(Value::as_str) {
        Some("whatsapp_business_account") => crate::whatsapp::phone_number_ids(json),
        _ => crate::messenger::page_ids(json),
    };
    let channel = match json.get("object").and_then(Value::as_str) {
        Some("whatsapp_business_account") => ChannelKind::Whatsapp,
        _ => ChannelKind::Messenger,
    };
    accounts
        .iter()
        .filter(|a| a.channel == channel && named.contains(&a.remote_id))
        .map(|a| a.id)
        .collect()
}
