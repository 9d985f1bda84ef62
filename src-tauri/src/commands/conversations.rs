//! The chat list and what is done to a chat as a whole: reading it, marking it unread,
//! pinning, archiving, muting, its draft, its status (done, snoozed, a follow-up) and labels,
//! and starting a new chat.

use sportello_core::model::{
    AccountId, ChatCounts, ChatFilter, ConversationId, ConversationSummary,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The chat list: every chat, or those a filter picks (a label, the ones waiting on the shop).
#[tauri::command]
pub async fn list_conversations(
    state: State<'_, AppState>,
    limit: Option<u32>,
    filter: Option<ChatFilter>,
) -> CommandResult<Vec<ConversationSummary>> {
    let limit = limit.unwrap_or(500);
    Ok(match filter {
        Some(filter) => state.inbox.conversations_where(filter, limit).await?,
        None => state.inbox.conversations(limit).await?,
    })
}

/// One chat as the list shows it: the open chat stays current when its view no longer lists
/// it (marked done under "Needs a reply", snoozed).
#[tauri::command]
pub async fn conversation(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<ConversationSummary> {
    Ok(state.inbox.conversation(conversation_id).await?)
}

/// How many chats each view of the list holds (Needs a reply, Snoozed, Done, Archived).
#[tauri::command]
pub async fn chat_counts(state: State<'_, AppState>) -> CommandResult<ChatCounts> {
    Ok(state.inbox.chat_counts().await?)
}

/// Done: the chat needs nothing more until the customer writes again.
#[tauri::command]
pub async fn mark_done(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.mark_done(conversation_id).await?)
}

#[tauri::command]
pub async fn reopen(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.reopen(conversation_id).await?)
}

/// Snoozed until `until` (RFC 3339); `unless_reply`: a customer's message brings it back.
#[tauri::command]
pub async fn snooze(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    until: String,
    unless_reply: bool,
) -> CommandResult<()> {
    let at = sportello_core::time_fmt::parse_rfc3339_ms(&until)
        .ok_or_else(|| sportello_core::Error::InvalidInput(format!("{until:?} is not a time.")))?;
    Ok(state
        .inbox
        .snooze(conversation_id, at, unless_reply)
        .await?)
}

/// Remind the shop in `hours` if the customer has not answered.
#[tauri::command]
pub async fn follow_up(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    hours: u32,
) -> CommandResult<()> {
    let after = std::time::Duration::from_secs(u64::from(hours) * 3600);
    Ok(state.inbox.follow_up(conversation_id, after).await?)
}

/// Puts labels (by id) on a chat; a label of a group takes the others of its group off.
#[tauri::command]
pub async fn label_conversation(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    labels: Vec<String>,
) -> CommandResult<ConversationSummary> {
    Ok(state.inbox.label(conversation_id, labels).await?)
}

#[tauri::command]
pub async fn unlabel_conversation(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    labels: Vec<String>,
) -> CommandResult<ConversationSummary> {
    Ok(state.inbox.unlabel(conversation_id, labels).await?)
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
