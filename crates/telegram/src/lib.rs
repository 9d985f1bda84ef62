//! sportello-telegram: a shop's Telegram bot as a [`Channel`]. Receives by long polling
//! getUpdates (the offset is the cursor), sends with sendMessage.

mod api;
mod normalize;
mod pace;
mod types;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::json;
use sportello_core::inbound::InboundBatch;
use sportello_core::secrets::SecretName;
use sportello_core::{
    AccountProfile, Channel, ChannelConfig, ChannelError, OutgoingMessage, Sensitive, SentReceipt,
};

use api::{BotApi, CallKind};
pub use normalize::normalize_updates;

pub const DEFAULT_API_BASE: &str = "https://api.telegram.org";

/// Which updates we ask for: getUpdates would otherwise use the bot's last setting, which
/// another program may have changed.
const ALLOWED_UPDATES: &[&str] = &[
    "message",
    "edited_message",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
];

pub struct TelegramChannel {
    api: BotApi,
    pacer: pace::Pacer,
}

impl TelegramChannel {
    pub fn new(api_base: Option<&str>, token: &Sensitive<String>) -> Result<Self, ChannelError> {
        let t = token.expose().trim();
        // The token goes into the URL path: anything that would change the path is refused here.
        if t.is_empty()
            || t.contains(|c: char| c.is_whitespace() || c == '/' || c == '?' || c == '#')
            || !t.contains(':')
        {
            return Err(ChannelError::InvalidConfig(
                "That does not look like a bot token. Copy the whole token BotFather gave you (it looks like 123456789:AAE…).".into(),
            ));
        }
        Ok(TelegramChannel {
            api: BotApi::new(
                api_base.unwrap_or(DEFAULT_API_BASE),
                Sensitive::new(t.to_owned()),
            )?,
            pacer: pace::Pacer::new(),
        })
    }

    /// Builds the channel from an account's stored configuration.
    pub fn connect(config: &ChannelConfig) -> Result<Arc<dyn Channel>, ChannelError> {
        let token = config.secrets.get(SecretName::BotToken).ok_or_else(|| {
            ChannelError::InvalidConfig(
                "The bot token is missing. Paste it again in Settings → Channels.".into(),
            )
        })?;
        Ok(Arc::new(TelegramChannel::new(
            config.api_base.as_deref(),
            token,
        )?))
    }
}

/// The parameters as form fields, plus the file. Reading the file fails before anything is sent.
async fn upload_form(
    params: &serde_json::Value,
    field: &str,
    file: &sportello_core::OutgoingFile,
) -> Result<reqwest::multipart::Form, ChannelError> {
    let bytes = tokio::fs::read(&file.path)
        .await
        .map_err(|e| ChannelError::Rejected {
            service: "Sportello".into(),
            reason: format!("the file to send cannot be read any more ({e})"),
        })?;
    let mut part = reqwest::multipart::Part::bytes(bytes).file_name(file.file_name.clone());
    if let Some(mime) = &file.mime_type {
        part = part
            .mime_str(mime)
            .map_err(|e| ChannelError::InvalidConfig(e.to_string()))?;
    }
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in params.as_object().into_iter().flatten() {
        let value = match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !value.is_empty() {
            form = form.text(k.clone(), value);
        }
    }
    Ok(form.part(field.to_owned(), part))
}

#[async_trait]
impl Channel for TelegramChannel {
    async fn check(&self) -> Result<AccountProfile, ChannelError> {
        let me: types::User = self
            .api
            .call("getMe", &json!({}), Duration::from_secs(15), CallKind::Read)
            .await?;
        Ok(AccountProfile {
            remote_id: me.id.to_string(),
            display_name: me
                .username
                .map(|u| format!("@{u}"))
                .unwrap_or(me.first_name),
            ..Default::default()
        })
    }

    async fn receive(
        &self,
        cursor: Option<&str>,
        wait: Duration,
    ) -> Result<InboundBatch, ChannelError> {
        let offset: Option<i64> = cursor.and_then(|c| c.parse().ok());
        let params = json!({
            "offset": offset,
            "timeout": wait.as_secs(),
            "allowed_updates": ALLOWED_UPDATES,
        });
        let updates: Vec<serde_json::Value> = self
            .api
            .call(
                "getUpdates",
                &params,
                wait + Duration::from_secs(15),
                CallKind::Read,
            )
            .await?;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Ok(normalize_updates(&updates, offset, now_ms))
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SentReceipt, ChannelError> {
        let chat_id = match message.conversation_remote_id.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(message.conversation_remote_id),
        };
        let mut params = match &message.file {
            None => json!({ "chat_id": chat_id, "text": message.text }),
            Some(_) => json!({ "chat_id": chat_id, "caption": message.text }),
        };
        if let Some(connection) = &message.business_connection_id {
            params["business_connection_id"] = json!(connection);
        }
        if let Some(reply) = message
            .reply_to_remote_id
            .as_deref()
            .and_then(normalize::message_id_of)
        {
            params["reply_parameters"] =
                json!({ "message_id": reply, "allow_sending_without_reply": true });
        }
        self.pacer.ready(&message.conversation_remote_id).await;
        let sent: types::Message = match &message.file {
            None => {
                self.api
                    .call(
                        "sendMessage",
                        &params,
                        Duration::from_secs(30),
                        CallKind::Send,
                    )
                    .await?
            }
            Some(file) => {
                let (method, field) = match file.kind.as_str() {
                    "photo" => ("sendPhoto", "photo"),
                    _ => ("sendDocument", "document"),
                };
                let form = upload_form(&params, field, file).await?;
                self.api
                    .call_multipart(method, form, Duration::from_secs(300))
                    .await?
            }
        };
        Ok(SentReceipt {
            remote_id: normalize::remote_message_id(sent.chat.id, sent.message_id),
            sent_at_ms: sent.date.saturating_mul(1000),
        })
    }

    /// Removes the bot's webhook, keeping the updates waiting behind it.
    async fn take_over(&self) -> Result<(), ChannelError> {
        let _: bool = self
            .api
            .call(
                "deleteWebhook",
                &json!({ "drop_pending_updates": false }),
                Duration::from_secs(15),
                CallKind::Read,
            )
            .await?;
        Ok(())
    }

    async fn fetch_media(&self, remote_ref: &str) -> Result<Vec<u8>, ChannelError> {
        let file: types::File = self
            .api
            .call(
                "getFile",
                &json!({ "file_id": remote_ref }),
                Duration::from_secs(15),
                CallKind::Read,
            )
            .await?;
        let path = file.file_path.ok_or_else(|| ChannelError::Rejected {
            service: "Telegram".into(),
            reason: "the file is not available for download (over 20 MB, or expired)".into(),
        })?;
        self.api.download(&path).await
    }
}
