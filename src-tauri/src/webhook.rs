//! The webhook receiver inside the app (WhatsApp has no other way in): started with sync, on
//! 127.0.0.1 unless the owner chose another address, and what the window says about it.

use std::net::SocketAddr;

use serde::Serialize;
use sportello_meta::{Receiver, ReceiverOptions, DEFAULT_LISTEN, WEBHOOK_PATH};

use crate::state::AppState;

/// Where the receiver is, or why it is not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReceiverStatus {
    /// The address it listens on (a tunnel forwards Meta's deliveries here).
    pub listening: Option<String>,
    pub problem: Option<String>,
}

/// `--webhook-listen ADDR:PORT`, then `SPORTELLO_WEBHOOK_LISTEN`, then 127.0.0.1:8737.
fn listen_address() -> Result<SocketAddr, String> {
    let chosen = crate::arg_value("--webhook-listen")
        .or_else(|| std::env::var("SPORTELLO_WEBHOOK_LISTEN").ok())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
    chosen
        .parse()
        .map_err(|_| format!("{chosen:?} is not an address like 127.0.0.1:8737"))
}

pub async fn start(state: &AppState) {
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
            match Receiver::start(state.inbox.clone(), options).await {
                Ok(receiver) => {
                    let status = ReceiverStatus {
                        listening: Some(receiver.local_addr().to_string()),
                        problem: None,
                    };
                    *state.receiver.lock().await = Some(receiver);
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
    *state
        .receiver_status
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = status;
}

pub const PATH: &str = WEBHOOK_PATH;
