//! Which platform a conversation lives on, and what each platform allows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which platform a conversation lives on; replies always go back on the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Telegram,
    Whatsapp,
    Messenger,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Telegram => "telegram",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Messenger => "messenger",
        }
    }

    /// Whether received media must be downloaded soon, because the platform's links to it
    /// expire (WhatsApp, Messenger) rather than waiting until the shop opens it.
    pub fn prefetches_media(self) -> bool {
        matches!(self, ChannelKind::Whatsapp | ChannelKind::Messenger)
    }

    /// How long the platform keeps messages for a receiver that is away (Telegram: 24 hours).
    /// Away longer than this, some messages may never arrive; None when nothing is dropped.
    pub fn undelivered_retention_ms(self) -> Option<i64> {
        match self {
            ChannelKind::Telegram => Some(24 * 3600 * 1000),
            ChannelKind::Whatsapp | ChannelKind::Messenger => None,
        }
    }

    /// The longest text one message may carry, in UTF-16 code units; longer replies are split.
    pub fn max_text_units(self) -> usize {
        match self {
            ChannelKind::Telegram | ChannelKind::Whatsapp => 4096,
            ChannelKind::Messenger => 2000,
        }
    }

    /// The platform's name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            ChannelKind::Telegram => "Telegram",
            ChannelKind::Whatsapp => "WhatsApp",
            ChannelKind::Messenger => "Messenger",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "telegram" => Some(ChannelKind::Telegram),
            "whatsapp" => Some(ChannelKind::Whatsapp),
            "messenger" => Some(ChannelKind::Messenger),
            _ => None,
        }
    }
}
