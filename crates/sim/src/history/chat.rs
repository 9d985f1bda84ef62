//! One generated conversation and the channel it lives on.

use super::text::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HistoryChannel {
    Telegram,
    WhatsApp,
    Messenger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Photo,
    Voice,
    Document,
}

/// One customer's conversation.
#[derive(Debug, Clone)]
pub struct Chat {
    pub channel: HistoryChannel,
    /// The platform's id of the customer's chat (Telegram chat id, WhatsApp number, PSID).
    pub remote_id: String,
    pub name: String,
    pub lang: Lang,
    pub messages: u32,
    pub(super) first_ms: i64,
    pub(super) step_ms: i64,
}

impl Chat {
    pub(super) fn lang_code(&self) -> &'static str {
        match self.lang {
            Lang::It => "it",
            Lang::Pt => "pt-br",
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}
