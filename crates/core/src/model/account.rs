//! A channel account the shop connected, with what its platform allows and what may be missing.

use serde::Serialize;
use ts_rs::TS;

use super::channel::ChannelKind;
use super::ids::AccountId;

/// A channel account the shop has connected (a Telegram bot, a WhatsApp number, a Page).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Account {
    #[ts(type = "number")]
    pub id: AccountId,
    pub channel: ChannelKind,
    pub name: String,
    /// A custom API server (self-hosted Bot API, the simulator); None means the platform's own.
    pub api_base: Option<String>,
    /// How the platform names the account, e.g. the bot's @username.
    pub display_name: Option<String>,
    pub is_demo: bool,
    pub created_at: String,
    /// Business accounts this bot serves (Telegram Business), with what they allow.
    pub business_links: Vec<BusinessLink>,
    /// Periods in which messages may be missing, oldest first.
    pub missing_periods: Vec<SyncGap>,
    /// The platform's id of the account: the bot id, the WhatsApp phone number id, the Page id.
    pub remote_id: Option<String>,
    /// WhatsApp: the WhatsApp Business Account the number belongs to.
    pub business_account_id: Option<String>,
    /// WhatsApp: the number as customers see it.
    pub phone: Option<String>,
    /// WhatsApp: Meta's quality rating of the number (GREEN, YELLOW, RED).
    pub quality_rating: Option<String>,
    /// When the webhook receiver last accepted a correctly signed delivery for this account.
    pub webhook_seen_at: Option<String>,
    /// Messenger: replies 24 hours to 7 days after the customer's last message go out with the
    /// HUMAN_AGENT tag (the Page must have Meta's permission for it).
    pub human_agent: bool,
    /// The keyring entry holding this account's secrets. Not a secret itself.
    #[serde(skip)]
    #[ts(skip)]
    pub secret_ref: String,
}

/// A business account the bot is connected to (Telegram Business).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BusinessLink {
    pub owner_name: String,
    pub can_reply: bool,
    pub is_enabled: bool,
}

/// A period in which messages may be missing, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncGap {
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub from: String,
    pub to: String,
}
