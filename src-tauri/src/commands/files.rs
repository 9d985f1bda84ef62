//! Sending files: the owner picks them in the system's file dialog (or drops them on the window,
//! see `files.rs`), sees their names, and sends them to the open chat.

use sportello_core::model::{ConversationId, MessageView};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;
use crate::files::FileOffer;
use crate::state::AppState;

/// The system's file dialog; the files chosen are offered to the window by name.
#[tauri::command]
pub async fn pick_files(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<FileOffer>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().pick_files(move |files| {
        let _ = tx.send(files);
    });
    let paths: Vec<_> = rx
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect();
    Ok(state
        .offered_files
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .offer(paths))
}

/// Sends an offer's files to a chat, each as its own message; the caption goes with the first.
/// An offer is sent once: asked again, it is gone.
#[tauri::command]
pub async fn send_files(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    offer: u64,
    caption: String,
) -> CommandResult<Vec<MessageView>> {
    let paths = state
        .offered_files
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take(offer)
        .ok_or_else(|| {
            sportello_core::Error::InvalidInput(
                "These files were already sent or set aside; choose them again.".into(),
            )
        })?;
    Ok(state
        .inbox
        .send_files(conversation_id, paths, caption)
        .await?)
}
