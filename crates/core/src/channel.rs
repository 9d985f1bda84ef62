//! The one seam between core and the platforms: every channel (Telegram, WhatsApp, Messenger)
//! implements [`Channel`], and the sync engine drives them all the same way.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::error::ChannelError;
use crate::inbound::InboundBatch;
use crate::model::ChannelKind;
use crate::secrets::AccountSecrets;

#[async_trait]
pub trait Channel: Send + Sync {
    /// Ask the platform who these credentials belong to; fails if they are refused.
    async fn check(&self) -> Result<AccountProfile, ChannelError>;

    /// Fetch what arrived after `cursor`, waiting up to `wait` for something new.
    /// Dropping the future must be safe: nothing is acknowledged until the next call
    /// passes the returned cursor.
    async fn receive(
        &self,
        cursor: Option<&str>,
        wait: Duration,
    ) -> Result<InboundBatch, ChannelError>;

    /// Send one message. An error says whether it surely did not go out (retry is safe) or
    /// whether its fate is unknown ([`ChannelError::Uncertain`]; never retried silently).
    async fn send(&self, message: &OutgoingMessage) -> Result<SentReceipt, ChannelError>;

    /// Download an attachment's bytes by the reference stored with it.
    async fn fetch_media(&self, remote_ref: &str) -> Result<Vec<u8>, ChannelError>;

    /// Makes this app the one receiving the account's messages when another receiver holds
    /// them (a Telegram webhook). Pending messages are kept.
    async fn take_over(&self) -> Result<(), ChannelError> {
        Ok(())
    }

    /// Tells the customer the shop has read their messages up to this one (blue ticks).
    async fn mark_read(
        &self,
        _conversation_remote_id: &str,
        _message_remote_id: &str,
    ) -> Result<(), ChannelError> {
        Ok(())
    }

    /// Reacts to a message with an emoji; an empty emoji takes the reaction back.
    async fn react(
        &self,
        _conversation_remote_id: &str,
        _message_remote_id: &str,
        _emoji: &str,
    ) -> Result<(), ChannelError> {
        Err(ChannelError::Unsupported(
            "Reactions cannot be sent on this channel.".into(),
        ))
    }

    /// Shows the customer that the shop is typing (Messenger). Best effort.
    async fn typing(&self, _conversation_remote_id: &str) -> Result<(), ChannelError> {
        Ok(())
    }

    /// The message templates the platform approved for this account (WhatsApp).
    async fn templates(&self) -> Result<Vec<MessageTemplate>, ChannelError> {
        Ok(Vec::new())
    }
}

/// The platform's ids of an account that the owner types in (they are not secrets).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountIds {
    /// WhatsApp: the phone number id. Messenger: the Page id.
    pub remote_id: Option<String>,
    /// WhatsApp: the WhatsApp Business Account id (templates live there).
    pub business_account_id: Option<String>,
}

/// Everything needed to build a channel client for one account.
#[derive(Debug, Clone)]
pub struct ChannelConfig {
    pub kind: ChannelKind,
    pub api_base: Option<String>,
    pub secrets: AccountSecrets,
    pub ids: AccountIds,
    /// Where webhook deliveries for this account wait (None while an account is being added).
    pub deliveries: Option<crate::deliveries::DeliveryQueue>,
}

/// Builds the right [`Channel`] for an account; provided by the front (app or CLI) so core
/// never depends on protocol crates.
pub type Connect = fn(&ChannelConfig) -> Result<Arc<dyn Channel>, ChannelError>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountProfile {
    pub remote_id: String,
    pub display_name: String,
    /// WhatsApp: the number as customers see it.
    pub phone: Option<String>,
    /// WhatsApp: Meta's quality rating of the number.
    pub quality_rating: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub conversation_remote_id: String,
    pub text: String,
    pub reply_to_remote_id: Option<String>,
    /// Send on behalf of the shop owner's business account (Telegram Business).
    pub business_connection_id: Option<String>,
    /// A photo or document to upload, with `text` as its caption.
    pub file: Option<OutgoingFile>,
    /// An approved template to send instead of free text (`text` is its rendered body).
    pub template: Option<TemplateChoice>,
    /// More than 24 hours have passed since the customer last wrote (Messenger must then tag
    /// the reply HUMAN_AGENT; core already checked the account may).
    pub after_standard_window: bool,
}

pub use crate::model::{MessageTemplate, OutgoingFile, TemplateChoice};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReceipt {
    pub remote_id: String,
    pub sent_at_ms: i64,
}
