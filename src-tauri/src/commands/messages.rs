//! A chat's messages, sending a reply, and search.

use sportello_core::model::{ConversationId, MessageId, MessageView, SearchHit};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_messages(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    limit: Option<u32>,
    before: Option<MessageId>,
) -> CommandResult<Vec<MessageView>> {
    Ok(state
        .inbox
        .messages(conversation_id, limit.unwrap_or(50), before)
        .await?)
}

/// The chat scrolling back down: the page after the last message it shows.
#[tauri::command]
pub async fn list_messages_after(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    after: MessageId,
    limit: Option<u32>,
) -> CommandResult<Vec<MessageView>> {
    Ok(state
        .inbox
        .messages_after(conversation_id, after, limit.unwrap_or(50))
        .await?)
}

/// Where a chat with unread messages opens.
#[tauri::command]
pub async fn first_unread(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<Option<MessageId>> {
    Ok(state.inbox.first_unread(conversation_id).await?)
}

#[tauri::command]
pub async fn send_message(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    text: String,
    reply_to: Option<MessageId>,
) -> CommandResult<Vec<MessageView>> {
    Ok(state
        .inbox
        .send_text(conversation_id, text, reply_to)
        .await?)
}

#[tauri::command]
pub async fn search_messages(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<SearchHit>> {
    Ok(state.inbox.search(query, 50).await?)
}

/// The local file of an attachment (fetched on first view), for the window to show through the
/// asset protocol, which is allowed to read the media folder only.
#[tauri::command]
pub async fn attachment_file(
    state: State<'_, AppState>,
    attachment_id: i64,
    thumbnail: bool,
) -> CommandResult<String> {
    let path = state
        .inbox
        .attachment_file(attachment_id, thumbnail)
        .await?;
    Ok(path.to_string_lossy().into_owned())
}

/// Opens a customer's document, picture, audio or video with the system's app. The window
/// names the attachment, never a path; files that could run a program are refused by core.
#[tauri::command]
pub async fn open_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    attachment_id: i64,
) -> CommandResult<()> {
    let path = state.inbox.file_to_open(attachment_id).await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            sportello_core::Error::InvalidInput(format!(
                "No program on this computer opens this file ({e})."
            ))
        })?;
    Ok(())
}

#[tauri::command]
pub async fn retry_message(
    state: State<'_, AppState>,
    message_id: MessageId,
) -> CommandResult<MessageView> {
    Ok(state.inbox.retry(message_id).await?)
}

#[tauri::command]
pub async fn discard_message(
    state: State<'_, AppState>,
    message_id: MessageId,
) -> CommandResult<()> {
    Ok(state.inbox.discard(message_id).await?)
}

/// A search result opens the chat here, with the messages around it.
#[tauri::command]
pub async fn messages_around(
    state: State<'_, AppState>,
    message_id: MessageId,
) -> CommandResult<Vec<MessageView>> {
    Ok(state.inbox.messages_around(message_id, 25).await?)
}
