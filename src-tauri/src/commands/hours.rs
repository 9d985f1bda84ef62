//! Settings → Opening hours and Automatic replies, the header's Open/Closed, and the Figures
//! view: one-line adapters into core.

use sportello_core::model::{
    AutoKind, AutoMessage, AutoReplies, FaqCard, FaqTest, Figures, HoursNow, OpeningHours,
};
use sportello_core::FaqDraft;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn opening_hours(state: State<'_, AppState>) -> CommandResult<OpeningHours> {
    Ok(state.inbox.opening_hours().await?)
}

#[tauri::command]
pub async fn hours_now(state: State<'_, AppState>) -> CommandResult<HoursNow> {
    Ok(state.inbox.hours_now().await?)
}

#[tauri::command]
pub async fn set_opening_hours(
    state: State<'_, AppState>,
    hours: OpeningHours,
) -> CommandResult<HoursNow> {
    Ok(state.inbox.set_opening_hours(hours).await?)
}

#[tauri::command]
pub async fn auto_replies(state: State<'_, AppState>) -> CommandResult<AutoReplies> {
    Ok(state.inbox.auto_replies().await?)
}

#[tauri::command]
pub async fn set_auto_message(
    state: State<'_, AppState>,
    which: AutoKind,
    message: AutoMessage,
) -> CommandResult<AutoReplies> {
    Ok(state.inbox.set_auto_message(which, message).await?)
}

/// Adds a question card (no id) or changes one; `offer` is a photo or document the shop owner
/// chose in the file dialog (`pick_files`), else the card keeps its attachment if asked.
#[tauri::command]
pub async fn save_faq_card(
    state: State<'_, AppState>,
    id: Option<String>,
    keywords: Vec<String>,
    answer: String,
    offer: Option<u64>,
    keep_attachment: bool,
) -> CommandResult<FaqCard> {
    let file = state.take_offered_file(offer)?;
    Ok(state
        .inbox
        .save_faq_card(FaqDraft {
            id,
            keywords,
            answer,
            file,
            keep_attachment,
        })
        .await?)
}

#[tauri::command]
pub async fn remove_faq_card(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    Ok(state.inbox.remove_faq_card(id).await?)
}

#[tauri::command]
pub async fn switch_faq(state: State<'_, AppState>, on: bool) -> CommandResult<AutoReplies> {
    Ok(state.inbox.switch_faq(on).await?)
}

#[tauri::command]
pub async fn test_faq(state: State<'_, AppState>, sample: String) -> CommandResult<FaqTest> {
    Ok(state.inbox.test_faq(sample).await?)
}

#[tauri::command]
pub async fn figures(state: State<'_, AppState>, days: u32) -> CommandResult<Figures> {
    Ok(state.inbox.figures(days).await?)
}
