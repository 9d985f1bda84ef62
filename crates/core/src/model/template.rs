//! WhatsApp's approved message templates, as the picker lists them and as the shop fills one in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A message template the platform approved (WhatsApp), as the template picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessageTemplate {
    pub name: String,
    /// The language code, e.g. "it" or "en_US".
    pub language: String,
    /// MARKETING, UTILITY or AUTHENTICATION.
    pub category: String,
    /// The body text with its placeholders ({{1}}, {{2}}…).
    pub body: String,
    /// How many values the body needs.
    pub parameter_count: u32,
}

impl MessageTemplate {
    /// The body with the shop's values in place of {{1}}, {{2}}…, as the customer will read it.
    pub fn render(&self, parameters: &[String]) -> String {
        let mut text = self.body.clone();
        for (i, value) in parameters.iter().enumerate() {
            text = text.replace(&format!("{{{{{}}}}}", i + 1), value);
        }
        text
    }
}

/// A template chosen to send, with the values for its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateChoice {
    pub name: String,
    pub language: String,
    pub parameters: Vec<String>,
}
