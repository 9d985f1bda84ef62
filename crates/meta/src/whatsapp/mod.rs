//! The WhatsApp Business Cloud API channel. Messages arrive only by webhook: `receive` reads the
//! receiver's durable inbox for this phone number; everything else is Graph API calls.

mod normalize;
mod outgoing;

use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Value};
use sportello_core::channel::{AccountProfile, ChannelConfig, MessageTemplate};
use sportello_core::deliveries::DeliveryQueue;
use sportello_core::inbound::InboundBatch;
use sportello_core::secrets::SecretName;
use sportello_core::{Channel, ChannelError, OutgoingMessage, SentReceipt};

pub use normalize::{delivery as normalize_delivery, phone_number_ids};

use crate::graph::{CallKind, GraphApi};

pub(crate) const SERVICE: &str = "WhatsApp";
/// The largest media file Sportello downloads (WhatsApp documents go up to 100 MB).
const MAX_MEDIA_BYTES: u64 = 100 * 1024 * 1024;

pub struct WhatsAppChannel {
    api: GraphApi,
    phone_number_id: String,
    business_account_id: Option<String>,
    deliveries: Option<DeliveryQueue>,
}

impl WhatsAppChannel {
    pub fn new(config: &ChannelConfig) -> Result<Self, ChannelError> {
        let token = config.secrets.get(SecretName::AccessToken).ok_or_else(|| {
            ChannelError::InvalidConfig(
                "This WhatsApp account has no access token; reconnect it.".into(),
            )
        })?;
        let phone_number_id = config
            .ids
            .remote_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| {
                ChannelError::InvalidConfig(
                    "Give the phone number id (Meta dashboard → WhatsApp → API Setup).".into(),
                )
            })?;
        if !phone_number_id.chars().all(|c| c.is_ascii_digit()) {
            return Err(ChannelError::InvalidConfig(format!(
                "The phone number id {phone_number_id:?} should be digits only; it is not the phone number itself (Meta dashboard → WhatsApp → API Setup)."
            )));
        }
        Ok(WhatsAppChannel {
            api: GraphApi::new(
                config
                    .api_base
                    .as_deref()
                    .unwrap_or(crate::graph::GRAPH_BASE),
                token.clone(),
                SERVICE,
            )?,
            phone_number_id,
            business_account_id: config.ids.business_account_id.clone(),
            deliveries: config.deliveries.clone(),
        })
    }

    async fn post_message(&self, body: Value) -> Result<SentReceipt, ChannelError> {
        #[derive(Deserialize)]
        struct Sent {
            #[serde(default)]
            messages: Vec<SentId>,
        }
        #[derive(Deserialize)]
        struct SentId {
            id: String,
        }
        let sent: Sent = self
            .api
            .post_json(
                &format!("{}/messages", self.phone_number_id),
                &body,
                CallKind::Send,
            )
            .await?;
        let id = sent
            .messages
            .into_iter()
            .next()
            .map(|m| m.id)
            .ok_or_else(|| ChannelError::Uncertain {
                service: SERVICE.into(),
                detail: "the answer named no message id".into(),
            })?;
        Ok(SentReceipt {
            remote_id: id,
            sent_at_ms: 0,
        })
    }

    async fn upload(&self, file: &sportello_core::OutgoingFile) -> Result<String, ChannelError> {
        #[derive(Deserialize)]
        struct Uploaded {
            id: String,
        }
        let (part, mime) = crate::graph::file_part(SERVICE, file).await?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime)
            .part("file", part);
        let uploaded: Uploaded = self
            .api
            .post_multipart(&format!("{}/media", self.phone_number_id), form)
            .await?;
        Ok(uploaded.id)
    }
}

#[async_trait]
impl Channel for WhatsAppChannel {
    async fn check(&self) -> Result<AccountProfile, ChannelError> {
        #[derive(Deserialize)]
        struct PhoneNumber {
            id: Option<String>,
            verified_name: Option<String>,
            display_phone_number: Option<String>,
            quality_rating: Option<String>,
        }
        let number: PhoneNumber = self
            .api
            .get(
                &self.phone_number_id,
                &[(
                    "fields",
                    "id,verified_name,display_phone_number,quality_rating",
                )],
            )
            .await?;
        let phone = number.display_phone_number;
        Ok(AccountProfile {
            remote_id: number.id.unwrap_or_else(|| self.phone_number_id.clone()),
            display_name: number
                .verified_name
                .or_else(|| phone.clone())
                .unwrap_or_else(|| self.phone_number_id.clone()),
            phone,
            quality_rating: number.quality_rating,
        })
    }

    async fn receive(
        &self,
        cursor: Option<&str>,
        wait: Duration,
    ) -> Result<InboundBatch, ChannelError> {
        let Some(queue) = &self.deliveries else {
            return Ok(InboundBatch::default());
        };
        let deliveries = queue
            .after(cursor, wait)
            .await
            .map_err(|e| ChannelError::Protocol {
                service: "Sportello's webhook inbox".into(),
                detail: e.to_string(),
            })?;
        let mut batch = InboundBatch::default();
        for d in deliveries {
            match crate::json::parse(&d.body) {
                Ok(body) => batch
                    .events
                    .extend(normalize::delivery(&body, &self.phone_number_id)),
                // Signed by Meta yet not JSON: kept raw in the inbox, skipped here.
                Err(e) => tracing::warn!(delivery = d.id, "webhook delivery is not JSON: {e}"),
            }
            batch.cursor = Some(d.id.to_string());
        }
        Ok(batch)
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<SentReceipt, ChannelError> {
        let media_id = match &message.file {
            Some(file) => Some(self.upload(file).await?),
            None => None,
        };
        let body = outgoing::message_body(message, media_id.as_deref());
        self.post_message(body).await
    }

    async fn fetch_media(&self, remote_ref: &str) -> Result<Vec<u8>, ChannelError> {
        #[derive(Deserialize)]
        struct Media {
            url: String,
            #[serde(default)]
            file_size: Option<Value>,
        }
        let media: Media = self.api.get(remote_ref, &[]).await?;
        let size = media.file_size.as_ref().and_then(|s| match s {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        });
        if size.is_some_and(|s| s > MAX_MEDIA_BYTES) {
            return Err(ChannelError::Rejected {
                service: SERVICE.into(),
                reason: "the file is larger than 100 MB; open it on the phone".into(),
            });
        }
        self.api.download(&media.url, MAX_MEDIA_BYTES).await
    }

    async fn mark_read(
        &self,
        _conversation_remote_id: &str,
        message_remote_id: &str,
    ) -> Result<(), ChannelError> {
        let _: Value = self
            .api
            .post_json(
                &format!("{}/messages", self.phone_number_id),
                &json!({
                    "messaging_product": "whatsapp",
                    "status": "read",
                    "message_id": message_remote_id,
                }),
                CallKind::Read,
            )
            .await?;
        Ok(())
    }

    async fn react(
        &self,
        conversation_remote_id: &str,
        message_remote_id: &str,
        emoji: &str,
    ) -> Result<(), ChannelError> {
        self.post_message(outgoing::reaction_body(
            conversation_remote_id,
            message_remote_id,
            emoji,
        ))
        .await
        .map(|_| ())
    }

    async fn templates(&self) -> Result<Vec<MessageTemplate>, ChannelError> {
        let waba = self.business_account_id.as_deref().ok_or_else(|| {
            ChannelError::InvalidConfig(
                "Templates need the WhatsApp Business Account id; reconnect the account with it."
                    .into(),
            )
        })?;
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        // A shop has a handful of templates; ten pages of 100 is more than enough.
        for _ in 0..10 {
            let mut query = vec![
                ("status", "APPROVED"),
                ("limit", "100"),
                ("fields", "name,language,status,category,components"),
            ];
            if let Some(a) = &after {
                query.push(("after", a.as_str()));
            }
            let page: Value = self
                .api
                .get(&format!("{waba}/message_templates"), &query)
                .await?;
            out.extend(
                page.get("data")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(outgoing::template_of),
            );
            after = page
                .pointer("/paging/cursors/after")
                .and_then(Value::as_str)
                .filter(|_| page.pointer("/paging/next").is_some())
                .map(str::to_owned);
            if after.is_none() {
                break;
            }
        }
        Ok(out)
    }
}
