//! The contact panel: how the channel knows the customer, the chat's media, and the shop's notes
//! about the customer (kept on this computer, never sent to a channel).

use sportello_core::model::{ContactCard, ConversationId, CustomerNote};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// How the channel knows the customer, and the chat's latest 60 media.
#[tauri::command]
pub async fn contact_card(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<ContactCard> {
    Ok(state.inbox.contact_card(conversation_id, 60).await?)
}

/// The notes about a chat's customer, newest first, each with its earlier versions.
#[tauri::command]
pub async fn notes(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<Vec<CustomerNote>> {
    Ok(state.inbox.notes(conversation_id).await?)
}

/// A new note (no id) or a new version of one; the notes as they now are.
#[tauri::command]
pub async fn write_note(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    note_id: Option<String>,
    text: String,
) -> CommandResult<Vec<CustomerNote>> {
    Ok(state
        .inbox
        .write_note(conversation_id, note_id, text)
        .await?)
}

#[tauri::command]
pub async fn remove_note(state: State<'_, AppState>, note_id: String) -> CommandResult<()> {
    Ok(state.inbox.remove_note(note_id).await?)
}
