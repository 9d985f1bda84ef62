//! The chat list.

use sportello_core::model::{ContactCard, ConversationId, ConversationSummary};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_conversations(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> CommandResult<Vec<ConversationSummary>> {
    Ok(state.inbox.conversations(limit.unwrap_or(500)).await?)
}

#[tauri::command]
pub async fn mark_read(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.mark_read(conversation_id).await?)
}

#[tauri::command]
pub async fn mark_unread(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.mark_unread(conversation_id).await?)
}

#[tauri::command]
pub async fn set_draft(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    text: String,
) -> CommandResult<()> {
    Ok(state.inbox.set_draft(conversation_id, text).await?)
}

#[tauri::command]
pub async fn set_pinned(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    pinned: bool,
) -> CommandResult<()> {
    Ok(state.inbox.set_pinned(conversation_id, pinned).await?)
}

#[tauri::command]
pub async fn set_archived(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    archived: bool,
) -> CommandResult<()> {
    Ok(state.inbox.set_archived(conversation_id, archived).await?)
}

/// The contact panel: how the channel knows the customer, and the chat's latest 60 media.
#[tauri::command]
pub async fn contact_card(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<ContactCard> {
    Ok(state.inbox.contact_card(conversation_id, 60).await?)
}
