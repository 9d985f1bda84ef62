//! The chat list and what is done to a chat as a whole: reading it, marking it unread,
//! pinning, archiving, muting, its draft, the contact panel, and starting a new chat.

use sportello_core::model::{AccountId, ContactCard, ConversationId, ConversationSummary};
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

#[tauri::command]
pub async fn set_muted(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    muted: bool,
) -> CommandResult<()> {
    Ok(state.inbox.set_muted(conversation_id, muted).await?)
}

/// The contact panel: how the channel knows the customer, and the chat's latest 60 media.
#[tauri::command]
pub async fn contact_card(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<ContactCard> {
    Ok(state.inbox.contact_card(conversation_id, 60).await?)
}

/// A new chat from the shop's side (Ctrl+N): WhatsApp only, where a business may write first
/// with an approved template. Returns the chat to open.
#[tauri::command]
pub async fn start_chat(
    state: State<'_, AppState>,
    account_id: AccountId,
    phone: String,
    name: Option<String>,
) -> CommandResult<ConversationId> {
    Ok(state.inbox.start_chat(account_id, phone, name).await?)
}
