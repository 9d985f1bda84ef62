//! Core's events, forwarded to the window as one typed `inbox` event. If the window fell behind
//! (a huge burst), it is told to reload instead of being fed a partial picture.

use sportello_core::CoreEvent;
use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::{error::RecvError, Receiver};

pub const INBOX_EVENT: &str = "inbox";
pub const RELOAD_EVENT: &str = "inbox-reload";
/// A notification was clicked: the window opens this conversation (its id is the payload).
pub const OPEN_CONVERSATION_EVENT: &str = "open-conversation";
/// Files were dropped on the window: a `FileOffer` for the open chat.
pub const FILES_OFFERED_EVENT: &str = "files-offered";

pub fn forward(app: AppHandle, mut events: Receiver<CoreEvent>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(event) => app.emit(INBOX_EVENT, &event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "UI fell behind core events; asking it to reload");
                    app.emit(RELOAD_EVENT, ())
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(e) = sent {
                tracing::warn!("cannot reach the window: {e}");
            }
        }
    });
}
