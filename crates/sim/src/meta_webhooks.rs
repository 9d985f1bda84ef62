//! Meta's side of a webhook, shared by the simulated WhatsApp and Messenger: each delivery is
//! signed with the app secret (`X-Hub-Signature-256`), POSTed to the registered URL, and
//! retried until the receiver answers 200 (Meta keeps trying for days; the simulator for as
//! long as it runs). Faults: duplicate deliveries and batching.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::sync::Notify;

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(2);

pub fn sign(app_secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[derive(Default)]
struct State {
    url: Option<String>,
    app_secret: String,
    /// Deliveries not yet answered 200, oldest first.
    waiting: VecDeque<Value>,
    acknowledged: u64,
    failed_attempts: u64,
    duplicates_left: u32,
    batch: u32,
}

/// One app's webhook subscription. Cheap to clone.
#[derive(Clone)]
pub struct Deliverer {
    state: Arc<Mutex<State>>,
    queued: Arc<Notify>,
}

impl Deliverer {
    pub fn new(app_secret: &str, url: Option<String>) -> Deliverer {
        Deliverer {
            state: Arc::new(Mutex::new(State {
                url,
                app_secret: app_secret.to_owned(),
                ..Default::default()
            })),
            queued: Arc::new(Notify::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts delivering (needs a Tokio runtime).
    pub fn start(&self) {
        tokio::spawn(deliver_forever(self.clone()));
    }

    pub fn set_url(&self, url: Option<String>) {
        self.lock().url = url;
        self.queued.notify_one();
    }

    pub fn push(&self, body: Value) {
        self.lock().waiting.push_back(body);
        self.queued.notify_one();
    }

    /// Deliver each of the next `duplicates` deliveries twice; send up to `batch` at once.
    pub fn set_faults(&self, duplicates: u32, batch: u32) {
        let mut s = self.lock();
        s.duplicates_left = duplicates;
        s.batch = batch;
    }

    /// (acknowledged deliveries, deliveries still waiting, refused or failed attempts).
    pub fn counts(&self) -> (u64, usize, u64) {
        let s = self.lock();
        (s.acknowledged, s.waiting.len(), s.failed_attempts)
    }
}

/// Up to `n` queued deliveries as one body, their entries in order.
fn batch(queued: &[Value]) -> Value {
    if let [one] = queued {
        return one.clone();
    }
    let object = queued
        .first()
        .and_then(|d| d.get("object"))
        .cloned()
        .unwrap_or(Value::Null);
    let entries: Vec<Value> = queued
        .iter()
        .flat_map(|d| {
            d.get("entry")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    json!({ "object": object, "entry": entries })
}

async fn deliver_forever(d: Deliverer) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client");
    let mut retry = FIRST_RETRY;
    loop {
        let next = {
            let s = d.lock();
            match (&s.url, s.waiting.is_empty()) {
                (Some(url), false) => {
                    // Only deliveries of one kind of object are batched together.
                    let first_object = s.waiting[0].get("object").cloned();
                    let n = s
                        .waiting
                        .iter()
                        .take(s.batch.max(1) as usize)
                        .take_while(|v| v.get("object").cloned() == first_object)
                        .count();
                    let queued: Vec<Value> = s.waiting.iter().take(n).cloned().collect();
                    Some((url.clone(), n, batch(&queued), s.app_secret.clone()))
                }
                _ => None,
            }
        };
        let Some((url, n, body, secret)) = next else {
            let _ = tokio::time::timeout(Duration::from_millis(200), d.queued.notified()).await;
            continue;
        };
        let bytes = serde_json::to_vec(&body).expect("JSON serializes");
        let post = || {
            http.post(&url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", sign(&secret, &bytes))
                .body(bytes.clone())
                .send()
        };
        let answered = matches!(post().await, Ok(r) if r.status().is_success());
        if !answered {
            d.lock().failed_attempts += 1;
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(LAST_RETRY);
            continue;
        }
        retry = FIRST_RETRY;
        let duplicate = {
            let mut s = d.lock();
            s.waiting.drain(..n);
            s.acknowledged += 1;
            let dup = s.duplicates_left > 0;
            if dup {
                s.duplicates_left -= 1;
            }
            dup
        };
        if duplicate {
            // At-least-once: the same delivery again, as Meta does after a lost answer.
            let _ = post().await;
        }
    }
}

/// Adds `Retry-After: secs` to a failure, as a server that says how long to wait does.
pub(crate) fn with_retry_after(
    mut response: axum::response::Response,
    secs: Option<u64>,
) -> axum::response::Response {
    if let Some(secs) = secs {
        if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
    }
    response
}
