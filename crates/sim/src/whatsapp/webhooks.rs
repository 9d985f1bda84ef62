//! Meta's side of the webhook: each delivery is signed with the app secret
//! (`X-Hub-Signature-256`) and POSTed to the registered URL, and retried until the receiver
//! answers 200 (Meta keeps trying for days; the simulator for as long as it runs).

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::WhatsAppSim;

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(2);

pub fn sign(app_secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Up to `n` queued deliveries as one body, their entries in order.
fn batch(queued: &[Value]) -> Value {
    if let [one] = queued {
        return one.clone();
    }
    let entries: Vec<Value> = queued
        .iter()
        .flat_map(|d| {
            d.get("entry")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    json!({ "object": "whatsapp_business_account", "entry": entries })
}

pub async fn deliver_forever(sim: WhatsAppSim) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client");
    let mut retry = FIRST_RETRY;
    loop {
        let next = {
            let s = sim.lock();
            match (&s.webhook_url, s.outbox.is_empty()) {
                (Some(url), false) => {
                    let n = (s.faults.batch.max(1) as usize).min(s.outbox.len());
                    let queued: Vec<Value> = s.outbox.iter().take(n).cloned().collect();
                    Some((url.clone(), n, batch(&queued), s.options.app_secret.clone()))
                }
                _ => None,
            }
        };
        let Some((url, n, body, secret)) = next else {
            let _ = tokio::time::timeout(Duration::from_millis(200), sim.queued.notified()).await;
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
            sim.lock().failed_attempts += 1;
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(LAST_RETRY);
            continue;
        }
        retry = FIRST_RETRY;
        let duplicate = {
            let mut s = sim.lock();
            s.outbox.drain(..n);
            s.acknowledged += 1;
            let d = s.faults.duplicate_deliveries > 0;
            if d {
                s.faults.duplicate_deliveries -= 1;
            }
            d
        };
        if duplicate {
            // At-least-once: the same delivery again, as Meta does after a lost answer.
            let _ = post().await;
        }
    }
}
