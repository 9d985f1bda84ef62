//! Settings → Labels: the shop's labels, their colours and groups.

use sportello_core::model::Label;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_labels(state: State<'_, AppState>) -> CommandResult<Vec<Label>> {
    Ok(state.inbox.labels().await?)
}

/// Adds a label (no id) or changes one; a colour is picked when none is given.
#[tauri::command]
pub async fn save_label(
    state: State<'_, AppState>,
    id: Option<String>,
    name: String,
    color: Option<String>,
    group: Option<String>,
) -> CommandResult<Label> {
    Ok(state.inbox.save_label(id, name, color, group).await?)
}

/// Removes a label from the shop and from every chat.
#[tauri::command]
pub async fn remove_label(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    Ok(state.inbox.remove_label(id).await?)
}
