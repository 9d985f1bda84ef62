//! Settings → Quick replies, and the composer's `/` list: the shop's snippets, saved (with a
//! file the owner picked, known to the window only by its offer's id), reordered, removed,
//! imported and exported through the system's file dialogs, and filled in for a chat.

use sportello_core::model::{
    ConversationId, MessageView, QuickReply, RenderedQuickReply, TemplateRef,
};
use sportello_core::{Error, QuickReplyDraft};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_quick_replies(state: State<'_, AppState>) -> CommandResult<Vec<QuickReply>> {
    Ok(state.inbox.quick_replies().await?)
}

/// Adds a quick reply (no id) or changes one. `offer`: a file the owner picked or dropped
/// (pick_files), kept with it; without one, `keep_attachment` keeps the file it had.
#[tauri::command]
pub async fn save_quick_reply(
    state: State<'_, AppState>,
    id: Option<String>,
    shortcut: String,
    text: String,
    offer: Option<u64>,
    keep_attachment: bool,
    template: Option<TemplateRef>,
) -> CommandResult<QuickReply> {
    let file = state.take_offered_file(offer)?;
    Ok(state
        .inbox
        .save_quick_reply(QuickReplyDraft {
            id,
            shortcut,
            text,
            file,
            keep_attachment,
            template,
        })
        .await?)
}

#[tauri::command]
pub async fn remove_quick_reply(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    Ok(state.inbox.remove_quick_reply(id).await?)
}

#[tauri::command]
pub async fn order_quick_replies(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> CommandResult<()> {
    Ok(state.inbox.order_quick_replies(ids).await?)
}

/// The quick reply `/shortcut` filled in for a chat's customer, for the composer to insert.
#[tauri::command]
pub async fn render_quick_reply(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    shortcut: String,
) -> CommandResult<RenderedQuickReply> {
    Ok(state
        .inbox
        .render_quick_reply(conversation_id, shortcut)
        .await?)
}

/// Sends the composer's text as the caption of quick reply `shortcut`'s file.
#[tauri::command]
pub async fn send_quick_reply_file(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    shortcut: String,
    caption: String,
) -> CommandResult<MessageView> {
    let reply = state
        .inbox
        .quick_replies()
        .await?
        .into_iter()
        .find(|r| r.shortcut == shortcut)
        .ok_or_else(|| Error::InvalidInput(format!("There is no quick reply /{shortcut}.")))?;
    let file = reply
        .attachment
        .ok_or_else(|| Error::InvalidInput(format!("/{shortcut} has no file.")))?;
    Ok(state
        .inbox
        .send_file(conversation_id, file.path.into(), caption)
        .await?)
}

/// Saves every quick reply (files inside) where the owner chooses. False: cancelled.
#[tauri::command]
pub async fn export_quick_replies(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<bool> {
    let json = state.inbox.export_quick_replies().await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name("sportello-quick-replies.json")
        .add_filter("JSON", &["json"])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let chosen = rx
        .await
        .map_err(|_| Error::FileDialogFailed("it closed without an answer".into()))?;
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else {
        return Ok(false);
    };
    std::fs::write(&path, json)
        .map_err(|e| Error::InvalidInput(format!("Cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// Adds the quick replies of an export file the owner picks; how many.
#[tauri::command]
pub async fn import_quick_replies(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<u32> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter("JSON", &["json"])
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let chosen = rx
        .await
        .map_err(|_| Error::FileDialogFailed("it closed without an answer".into()))?;
    let Some(path) = chosen.and_then(|p| p.into_path().ok()) else {
        return Ok(0);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", path.display())))?;
    let n = state.inbox.import_quick_replies(text).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
