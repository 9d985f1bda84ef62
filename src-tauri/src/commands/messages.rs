//! A chat's messages: reading them around a point, sending text, files and templates,
//! retrying or discarding what did not go, reactions, attachments, typing, and search.

use sportello_core::model::{
    AccountId, ConversationId, MessageId, MessageTemplate, MessageView, SearchHit, TemplateChoice,
};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandResult;
use crate::files::FileOffer;
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

/// Notes about customers matching the search box's words.
#[tauri::command]
pub async fn search_notes(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<sportello_core::model::NoteHit>> {
    Ok(state.inbox.search_notes(query, 20).await?)
}

/// "Send later": the text waits in the outbox until `at` (RFC 3339).
#[tauri::command]
pub async fn schedule_message(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    text: String,
    at: String,
) -> CommandResult<sportello_core::Scheduled> {
    let at = time_of(&at)?;
    Ok(state.inbox.schedule(conversation_id, text, at).await?)
}

/// A message sent later: its new text and time.
#[tauri::command]
pub async fn reschedule_message(
    state: State<'_, AppState>,
    message_id: MessageId,
    text: String,
    at: String,
) -> CommandResult<sportello_core::Scheduled> {
    let at = time_of(&at)?;
    Ok(state.inbox.reschedule(message_id, text, at).await?)
}

#[tauri::command]
pub async fn cancel_scheduled(
    state: State<'_, AppState>,
    message_id: MessageId,
) -> CommandResult<()> {
    Ok(state.inbox.cancel_scheduled(message_id).await?)
}

fn time_of(at: &str) -> Result<i64, sportello_core::Error> {
    sportello_core::time_fmt::parse_rfc3339_ms(at)
        .ok_or_else(|| sportello_core::Error::InvalidInput(format!("{at:?} is not a time.")))
}

/// A search result opens the chat here, with the messages around it.
#[tauri::command]
pub async fn messages_around(
    state: State<'_, AppState>,
    message_id: MessageId,
) -> CommandResult<Vec<MessageView>> {
    Ok(state.inbox.messages_around(message_id, 25).await?)
}

#[tauri::command]
pub async fn search_messages(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<SearchHit>> {
    Ok(state.inbox.search(query, 50).await?)
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
    // The dialog answers None when the owner cancels; no answer at all means it failed.
    let chosen = rx.await.map_err(|_| {
        sportello_core::Error::FileDialogFailed("it closed without an answer".into())
    })?;
    let paths: Vec<_> = chosen
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

#[tauri::command]
pub async fn list_templates(
    state: State<'_, AppState>,
    account_id: AccountId,
) -> CommandResult<Vec<MessageTemplate>> {
    Ok(state.inbox.templates(account_id).await?)
}

#[tauri::command]
pub async fn send_template(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    template: TemplateChoice,
) -> CommandResult<MessageView> {
    Ok(state.inbox.send_template(conversation_id, template).await?)
}

#[tauri::command]
pub async fn react_to_message(
    state: State<'_, AppState>,
    message_id: MessageId,
    emoji: String,
) -> CommandResult<MessageView> {
    Ok(state.inbox.react(message_id, emoji).await?)
}

/// Best effort: tells the customer the shop is typing (Messenger).
#[tauri::command]
pub async fn typing(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.typing(conversation_id).await?)
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
        .map_err(|e| sportello_core::Error::OpenFailed(format!("this file: {e}")))?;
    Ok(())
}

/// The chat as a readable page (with its files) and as text, into a folder the owner picks;
/// the page's path, or None when cancelled.
#[tauri::command]
pub async fn export_chat(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: i64,
) -> CommandResult<Option<String>> {
    let Some(folder) = super::pick_folder(&app).await? else {
        return Ok(None);
    };
    let done = state
        .inbox
        .export_conversation(conversation_id, folder)
        .await?;
    Ok(Some(done.html.display().to_string()))
}
