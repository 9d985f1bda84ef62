//! The webhook receiver inside the app (WhatsApp has no other way in): started with sync, on
//! 127.0.0.1 unless the owner chose another address, and what the window says about it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use sportello_core::Inbox;
use sportello_meta::{Receiver, ReceiverOptions, DEFAULT_LISTEN, WEBHOOK_PATH};

pub const PATH: &str = WEBHOOK_PATH;

/// Where the receiver is, or why it is not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReceiverStatus {
    /// The address it listens on (a tunnel forwards Meta's deliveries here).
    pub listening: Option<String>,
    pub problem: Option<String>,
}

/// The receiver while it runs (only the window that syncs receives), and its status.
#[derive(Clone, Default)]
pub struct WebhookReceiver {
    running: Arc<tokio::sync::Mutex<Option<Receiver>>>,
    status: Arc<Mutex<ReceiverStatus>>,
}

/// `--webhook-listen ADDR:PORT`, then `SPORTELLO_WEBHOOK_LISTEN`, then 127.0.0.1:8737.
fn listen_address() -> Result<SocketAddr, String> {
    let chosen = crate::launch::arg_value("--webhook-listen")
        .or_else(|| std::env::var("SPORTELLO_WEBHOOK_LISTEN").ok())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
    chosen
        .parse()
        .map_err(|_| format!("{chosen:?} is not an address like 127.0.0.1:8737"))
}

impl WebhookReceiver {
    pub fn status(&self) -> ReceiverStatus {
        self.status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub async fn start(&self, inbox: &Inbox) {
        let status = match listen_address() {
            Err(problem) => ReceiverStatus {
                listening: None,
                problem: Some(problem),
            },
            Ok(listen) => {
                let options = ReceiverOptions {
                    listen,
                    ..Default::default()
                };
                match Receiver::start(inbox.clone(), options).await {
                    Ok(receiver) => {
                        let status = ReceiverStatus {
                            listening: Some(receiver.local_addr().to_string()),
                            problem: None,
                        };
                        *self.running.lock().await = Some(receiver);
                        status
                    }
                    Err(e) => {
                        tracing::warn!("webhook receiver not started on {listen}: {e}");
                        ReceiverStatus {
                            listening: None,
                            problem: Some(format!(
                                "Cannot receive WhatsApp messages on {listen} ({e}). Another program may be using that port."
                            )),
                        }
                    }
                }
            }
        };
        *self.status.lock().unwrap_or_else(|p| p.into_inner()) = status;
    }
}
