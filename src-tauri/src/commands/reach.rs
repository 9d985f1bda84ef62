//! Customers and reach in the window: the contact panel's customer (identities, merges,
//! consent), the Broadcasts page, and Settings → Posters. One-line adapters into core.

use sportello_core::model::{
    Audience, Broadcast, BroadcastReport, Consent, ConsentBasis, Customer, MergeSuggestion, Poster,
    PosterView, Preflight, TemplateChoice,
};
use sportello_core::reach::print::PaperSize;
use sportello_core::ConsentDraft;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn customer(state: State<'_, AppState>, conversation_id: i64) -> CommandResult<Customer> {
    Ok(state.inbox.customer(conversation_id).await?)
}

#[tauri::command]
pub async fn merge_customers(
    state: State<'_, AppState>,
    conversation_id: i64,
    other_id: i64,
    evidence: Option<String>,
) -> CommandResult<Customer> {
    Ok(state
        .inbox
        .merge_customers(conversation_id, other_id, evidence)
        .await?)
}

#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>, merge_id: String) -> CommandResult<()> {
    Ok(state.inbox.undo_merge(merge_id).await?)
}

#[tauri::command]
pub async fn merge_suggestions(state: State<'_, AppState>) -> CommandResult<Vec<MergeSuggestion>> {
    Ok(state.inbox.merge_suggestions().await?)
}

#[tauri::command]
pub async fn decline_merge(
    state: State<'_, AppState>,
    conversation_id: i64,
    other_id: i64,
) -> CommandResult<()> {
    Ok(state.inbox.decline_merge(conversation_id, other_id).await?)
}

/// Records a consent given at the counter or in the chat.
#[tauri::command]
pub async fn add_consent(
    state: State<'_, AppState>,
    conversation_id: i64,
    topic: String,
    basis: ConsentBasis,
    source: String,
    wording: String,
    wording_version: Option<String>,
) -> CommandResult<Vec<Consent>> {
    Ok(state
        .inbox
        .add_consent(ConsentDraft {
            conversation: conversation_id,
            topic,
            basis,
            source,
            wording,
            wording_version,
            proof: None,
        })
        .await?)
}

#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, AppState>,
    conversation_id: i64,
    topic: Option<String>,
) -> CommandResult<Vec<Consent>> {
    Ok(state
        .inbox
        .withdraw_consent(conversation_id, topic, "asked the shop".into())
        .await?)
}

#[tauri::command]
pub async fn list_broadcasts(state: State<'_, AppState>) -> CommandResult<Vec<Broadcast>> {
    Ok(state.inbox.broadcasts().await?)
}

#[tauri::command]
pub async fn create_broadcast(
    state: State<'_, AppState>,
    topic: String,
    audience: Audience,
    text: String,
    template: Option<TemplateChoice>,
) -> CommandResult<Broadcast> {
    Ok(state
        .inbox
        .create_broadcast(topic, audience, text, template)
        .await?)
}

#[tauri::command]
pub async fn broadcast_preflight(state: State<'_, AppState>, id: i64) -> CommandResult<Preflight> {
    Ok(state.inbox.preflight(id).await?)
}

#[tauri::command]
pub async fn send_broadcast(state: State<'_, AppState>, id: i64) -> CommandResult<Preflight> {
    Ok(state.inbox.send_broadcast(id).await?)
}

#[tauri::command]
pub async fn broadcast_report(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<BroadcastReport> {
    Ok(state.inbox.broadcast_report(id).await?)
}

#[tauri::command]
pub async fn list_posters(state: State<'_, AppState>) -> CommandResult<Vec<PosterView>> {
    Ok(state.inbox.posters().await?)
}

#[tauri::command]
pub async fn save_poster(state: State<'_, AppState>, poster: Poster) -> CommandResult<PosterView> {
    Ok(state.inbox.save_poster(poster).await?)
}

#[tauri::command]
pub async fn remove_poster(state: State<'_, AppState>, code: String) -> CommandResult<()> {
    Ok(state.inbox.remove_poster(code).await?)
}

/// The poster's QR codes and printable page into a folder the owner picks, in the window's
/// language; the folder, or None when cancelled.
#[tauri::command]
pub async fn save_poster_files(
    app: AppHandle,
    state: State<'_, AppState>,
    code: String,
    language: String,
    a5: bool,
) -> CommandResult<Option<String>> {
    let Some(folder) = super::pick_folder(&app).await? else {
        return Ok(None);
    };
    let paper = if a5 { PaperSize::A5 } else { PaperSize::A4 };
    state
        .inbox
        .write_poster_files(code, folder.clone(), language, paper)
        .await?;
    Ok(Some(folder.display().to_string()))
}
