//! Messenger: adding a Page, its HUMAN_AGENT setting, and the typing indicator.

use sportello_core::model::{Account, AccountId, ChannelKind, ConversationId};
use sportello_core::{AccountIds, AccountSecrets, NewAccount};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

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
    let account = state
        .inbox
        .add_account(NewAccount {
            channel: ChannelKind::Messenger,
            name,
            api_base,
            secrets: AccountSecrets::default()
                .with("page_access_token", page_access_token.trim())
                .with("app_secret", app_secret.trim())
                .with("verify_token", verify_token.unwrap_or_default().trim()),
            is_demo: false,
            ids: AccountIds {
                remote_id: Some(page_id.trim().to_owned()),
                business_account_id: None,
            },
        })
        .await?;
    if human_agent {
        state.inbox.set_human_agent(account.id, true).await?;
    }
    Ok(account)
}

#[tauri::command]
pub async fn set_human_agent(
    state: State<'_, AppState>,
    id: AccountId,
    on: bool,
) -> CommandResult<()> {
    Ok(state.inbox.set_human_agent(id, on).await?)
}

/// Best effort: tells the customer the shop is typing (Messenger).
#[tauri::command]
pub async fn typing(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
) -> CommandResult<()> {
    Ok(state.inbox.typing(conversation_id).await?)
}
