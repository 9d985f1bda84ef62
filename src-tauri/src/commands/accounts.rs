//! Accounts: list, add (Telegram), rename, remove, the demo, whether sync runs, and whether
//! the keyring can be used.

use serde::Serialize;
use sportello_core::model::{Account, AccountId, ChannelKind};
use sportello_core::secrets::KeyringHealth;
use sportello_core::{AccountSecrets, AccountStatus, ErrorPayload, NewAccount};
use tauri::State;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> CommandResult<Vec<Account>> {
    Ok(state.inbox.accounts().await?)
}

/// The token travels UI → core once, straight into the keyring; it never comes back.
#[tauri::command]
pub async fn add_telegram_account(
    state: State<'_, AppState>,
    name: String,
    token: String,
    api_base: Option<String>,
) -> CommandResult<Account> {
    Ok(state
        .inbox
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name,
            api_base,
            secrets: AccountSecrets::default().with("bot_token", token),
            is_demo: false,
            ids: Default::default(),
        })
        .await?)
}

/// Whether the OS keyring can be used; the window shows how to fix it when not.
#[tauri::command]
pub async fn keyring_status(state: State<'_, AppState>) -> CommandResult<KeyringHealth> {
    Ok(state.inbox.keyring_health().await?)
}

#[tauri::command]
pub async fn rename_account(
    state: State<'_, AppState>,
    id: AccountId,
    name: String,
) -> CommandResult<Account> {
    Ok(state.inbox.rename_account(id, name).await?)
}

#[tauri::command]
pub async fn remove_account(state: State<'_, AppState>, id: AccountId) -> CommandResult<()> {
    Ok(state.inbox.remove_account(id).await?)
}

/// A new token for an account whose token was revoked; queued replies then go out.
#[tauri::command]
pub async fn reconnect_telegram_account(
    state: State<'_, AppState>,
    id: AccountId,
    token: String,
) -> CommandResult<Account> {
    // The token is the bot's only secret: a fresh entry, which also mends a lost one.
    Ok(state
        .inbox
        .reconnect(id, AccountSecrets::default().with("bot_token", token))
        .await?)
}

/// Receive here when another program (a webhook) holds the account's messages.
#[tauri::command]
pub async fn take_over_account(state: State<'_, AppState>, id: AccountId) -> CommandResult<()> {
    Ok(state.inbox.take_over(id).await?)
}

#[tauri::command]
pub async fn account_states(state: State<'_, AppState>) -> CommandResult<Vec<AccountStatus>> {
    Ok(state.inbox.account_states())
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> CommandResult<Account> {
    Ok(crate::demo::start(&state).await?)
}

#[derive(Serialize, TS)]
pub struct SyncStatus {
    /// Why this window is not syncing, if it is not.
    problem: Option<ErrorPayload>,
    /// Replies waiting to go out.
    #[ts(type = "number")]
    waiting: i64,
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncStatus> {
    let problem = state
        .sync_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Ok(SyncStatus {
        problem,
        waiting: state.inbox.outbox_len().await?,
    })
}
