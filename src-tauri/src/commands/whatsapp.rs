//! WhatsApp: adding a number, a new access token (also for Pages), the webhook set-up,
//! templates and reactions.

use serde::Serialize;
use sportello_core::model::{
    Account, AccountId, ChannelKind, ConversationId, MessageId, MessageTemplate, MessageView,
    TemplateChoice,
};
use sportello_core::{AccountIds, AccountSecrets, NewAccount};
use tauri::State;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

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
    let secrets = AccountSecrets::default()
        .with("access_token", access_token.trim())
        .with("app_secret", app_secret.trim())
        .with("verify_token", verify_token.unwrap_or_default().trim());
    Ok(state
        .inbox
        .add_account(NewAccount {
            channel: ChannelKind::Whatsapp,
            name,
            api_base,
            secrets,
            is_demo: false,
            ids: AccountIds {
                remote_id: Some(phone_number_id.trim().to_owned()),
                business_account_id: Some(business_account_id.trim().to_owned()),
            },
        })
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
    let status = state
        .receiver_status
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Ok(WebhookSetup {
        path: crate::webhook::PATH,
        listening: status.listening,
        problem: status.problem,
        verify_token: state.inbox.webhook_verify_token(id).await?,
    })
}

#[tauri::command]
pub async fn list_templates(
    state: State<'_, AppState>,
    account_id: AccountId,
) -> CommandResult<Vec<MessageTemplate>> {
    Ok(state.inbox.templates(account_id).await?)
}

#[tauri::command]
pub async fn send_template(
    state: State<'_, AppState>,
    conversation_id: ConversationId,
    template: TemplateChoice,
) -> CommandResult<MessageView> {
    Ok(state.inbox.send_template(conversation_id, template).await?)
}

#[tauri::command]
pub async fn react_to_message(
    state: State<'_, AppState>,
    message_id: MessageId,
    emoji: String,
) -> CommandResult<MessageView> {
    Ok(state.inbox.react(message_id, emoji).await?)
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
