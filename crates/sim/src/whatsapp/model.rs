//! The simulated WhatsApp number's settings, customers, record of what was sent, and faults.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WhatsAppOptions {
    pub access_token: String,
    pub app_secret: String,
    pub phone_number_id: String,
    pub business_account_id: String,
    pub display_phone_number: String,
    pub verified_name: String,
    /// Where to deliver webhooks (the app's receiver); None until registered.
    pub webhook_url: Option<String>,
}

impl Default for WhatsAppOptions {
    fn default() -> Self {
        WhatsAppOptions {
            access_token: "EAAG-sportello-sim".into(),
            app_secret: "sportello-sim-app-secret".into(),
            phone_number_id: "106540352242922".into(),
            business_account_id: "102290129340398".into(),
            display_phone_number: "39 02 1234 5678".into(),
            verified_name: "Panificio Sim".into(),
            webhook_url: None,
        }
    }
}

/// A customer as the simulator plays them: their WhatsApp id (the number, digits only).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WaCustomer {
    pub wa_id: String,
    pub name: String,
}

impl WaCustomer {
    pub fn new(wa_id: &str, name: &str) -> Self {
        WaCustomer {
            wa_id: wa_id.into(),
            name: name.into(),
        }
    }
}

/// Something the app sent through `/messages`, as recorded for tests to read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentWhatsApp {
    pub id: String,
    pub to: String,
    /// "text", "image", "document", "template", "reaction" or "read" (a read receipt).
    pub kind: String,
    /// The text, caption, template name or emoji.
    pub text: String,
    #[serde(default)]
    pub reply_to: Option<String>,
    #[serde(default)]
    pub template_parameters: Vec<String>,
    #[serde(default)]
    pub file_size: Option<usize>,
    #[serde(default)]
    pub preview_url: Option<bool>,
}

/// What goes wrong next. API faults apply to the Graph API; delivery faults to webhooks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// The next N Graph API calls fail with `status` and Meta error `code`.
    pub fail_next: u32,
    pub status: u16,
    pub code: i64,
    /// Seconds in a `Retry-After` header on those failures (Meta sends none by default).
    pub retry_after: Option<u64>,
    /// Deliver each of the next N deliveries twice.
    pub duplicate_deliveries: u32,
    /// Report the statuses of the next N sent messages newest first (read before delivered).
    pub reorder_statuses: u32,
    /// Up to this many queued deliveries go out together as one (Meta batches entries).
    pub batch: u32,
    /// The next N sends are carried out, then the connection drops before the answer.
    pub drop_after_send: u32,
}
