//! Settings → Channels and the accounts' state: adding a Telegram bot, a WhatsApp number or a
//! Facebook Page, new tokens, renaming and removing, the demo, the webhook set-up, whether
//! sync runs, and whether the keyring can be used.

use serde::Serialize;
use sportello_core::model::{Account, AccountId};
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

#[tauri::command]
pub async fn account_states(state: State<'_, AppState>) -> CommandResult<Vec<AccountStatus>> {
    Ok(state.inbox.account_states())
}

/// The token travels UI → core once, straight into the keyring; it never comes back.
#[tauri::command]
pub async fn add_telegram_account(
    state: State<'_, AppState>,
    name: String,
    token: String,
    api_base: Option<String>,
) -> CommandResult<Account> {
    let account = NewAccount::telegram(&name, &token).at(api_base);
    Ok(state.inbox.add_account(account).await?)
}

/// The secrets travel UI → core once, straight into the keyring (core makes up a verify token
/// left empty).
#[tauri::command]
#[allow(clippy::too_many_arguments)] // one per field of the form
pub async fn add_whatsapp_account(
    state: State<'_, AppState>,
    name: String,
    phone_number_id: String,
    business_account_id: String,
    access_token: String,
    app_secret: String,
    verify_token: Option<String>,
    api_base: Option<String>,
) -> CommandResult<Account> {
    let secrets = AccountSecrets::whatsapp(&access_token, &app_secret, verify_token.as_deref());
    let account =
        NewAccount::whatsapp(&name, secrets, &phone_number_id, Some(&business_account_id))
            .at(api_base);
    Ok(state.inbox.add_account(account).await?)
}

/// The secrets travel UI → core once, straight into the keyring (core makes up a verify token
/// left empty).
#[tauri::command]
#[allow(clippy::too_many_arguments)] // one per field of the form
pub async fn add_messenger_account(
    state: State<'_, AppState>,
    name: String,
    page_id: String,
    page_access_token: String,
    app_secret: String,
    verify_token: Option<String>,
    api_base: Option<String>,
    human_agent: bool,
) -> CommandResult<Account> {
    let secrets =
        AccountSecrets::messenger(&page_access_token, &app_secret, verify_token.as_deref());
    let account = NewAccount::messenger(&name, secrets, &page_id).at(api_base);
    let account = state.inbox.add_account(account).await?;
    if human_agent {
        state.inbox.set_human_agent(account.id, true).await?;
    }
    Ok(account)
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
        .reconnect(id, AccountSecrets::telegram(&token))
        .await?)
}

/// A new access token for a WhatsApp number or a Page (they expire, or are revoked); the app
/// secret and verify token stay.
#[tauri::command]
pub async fn reconnect_meta_account(
    state: State<'_, AppState>,
    id: AccountId,
    access_token: String,
) -> CommandResult<Account> {
    Ok(state.inbox.replace_access_token(id, access_token).await?)
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

/// Receive here when another program (a webhook) holds the account's messages.
#[tauri::command]
pub async fn take_over_account(state: State<'_, AppState>, id: AccountId) -> CommandResult<()> {
    Ok(state.inbox.take_over(id).await?)
}

#[tauri::command]
pub async fn set_human_agent(
    state: State<'_, AppState>,
    id: AccountId,
    on: bool,
) -> CommandResult<()> {
    Ok(state.inbox.set_human_agent(id, on).await?)
}

/// Whether the OS keyring can be used; the window shows how to fix it when not.
#[tauri::command]
pub async fn keyring_status(state: State<'_, AppState>) -> CommandResult<KeyringHealth> {
    Ok(state.inbox.keyring_health().await?)
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> CommandResult<Account> {
    Ok(state.demo.start(&state.inbox).await?)
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
    Ok(SyncStatus {
        problem: state.sync_problem(),
        waiting: state.inbox.outbox_len().await?,
    })
}

/// What the owner needs for the Webhooks step in the Meta dashboard.
#[derive(Serialize, TS)]
pub struct WebhookSetup {
    /// The path to register after the tunnel's address, e.g. `/webhooks/meta`.
    path: &'static str,
    /// Where the receiver listens on this computer, if it does.
    listening: Option<String>,
    problem: Option<String>,
    verify_token: Option<String>,
}

/// What the owner needs for the "Webhooks" step in the Meta dashboard.
#[tauri::command]
pub async fn webhook_setup(
    state: State<'_, AppState>,
    id: AccountId,
) -> CommandResult<WebhookSetup> {
    let status = state.receiver.status();
    Ok(WebhookSetup {
        path: crate::webhook::PATH,
        listening: status.listening,
        problem: status.problem,
        verify_token: state.inbox.webhook_verify_token(id).await?,
    })
}
