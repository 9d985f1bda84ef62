//! The simulated WhatsApp number: its state (customers, media, templates, what the shop
//! sent, faults) and the deliveries it makes to the app.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};

use super::model::{Faults, SentWhatsApp, WaCustomer, WhatsAppOptions};
use crate::meta_webhooks::Deliverer;

use crate::telegram::now_secs;

/// Meta drops free-form messages to customers who have not written in 24 hours.
const SERVICE_WINDOW_SECS: i64 = 24 * 3600;

#[derive(Default)]
pub(super) struct State_ {
    pub(super) options: WhatsAppOptions,
    pub(super) customers: HashMap<String, WaCustomer>,
    /// When each customer last wrote (Unix seconds), for the 24-hour window.
    pub(super) last_customer_message: HashMap<String, i64>,
    pub(super) media: HashMap<String, (Vec<u8>, String)>,
    pub(super) sent: Vec<SentWhatsApp>,
    pub(super) templates: Vec<Value>,
    pub(super) next_id: u64,
    pub(super) faults: Faults,
    /// Customers WhatsApp holds marketing messages back from (the per-user marketing cap):
    /// a template sent to them fails by webhook with 131049.
    pub(super) marketing_capped: HashSet<String>,
}

/// The simulated WhatsApp number. Cheap to clone; all clones share state.
#[derive(Clone)]
pub struct WhatsAppSim {
    pub(super) state: Arc<Mutex<State_>>,
    /// The webhook registered in the Meta dashboard (the app's receiver, via a tunnel).
    pub(super) webhooks: Deliverer,
}

impl WhatsAppSim {
    pub fn new(options: WhatsAppOptions) -> Self {
        let templates = vec![
            json!({ "name": "order_ready", "language": "en", "status": "APPROVED", "category": "UTILITY",
                    "components": [{ "type": "BODY", "text": "Hello {{1}}, your order is ready for pickup." }] }),
            json!({ "name": "ordine_pronto", "language": "it", "status": "APPROVED", "category": "UTILITY",
                    "components": [{ "type": "BODY", "text": "Ciao {{1}}, il tuo ordine è pronto. Ti aspettiamo {{2}}!" }] }),
            json!({ "name": "promo_draft", "language": "it", "status": "PENDING", "category": "MARKETING",
                    "components": [{ "type": "BODY", "text": "Sconto!" }] }),
        ];
        WhatsAppSim {
            webhooks: Deliverer::new(&options.app_secret, options.webhook_url.clone()),
            state: Arc::new(Mutex::new(State_ {
                options,
                templates,
                next_id: 1,
                ..Default::default()
            })),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn options(&self) -> WhatsAppOptions {
        self.lock().options.clone()
    }

    /// Starts delivering webhooks (needs a Tokio runtime).
    pub fn start_delivering(&self) {
        self.webhooks.start();
    }

    pub fn set_webhook(&self, url: Option<String>) {
        self.webhooks.set_url(url);
    }

    pub fn revoke_token(&self, new_token: &str) {
        self.lock().options.access_token = new_token.to_owned();
    }

    pub fn set_faults(&self, faults: Faults) {
        self.webhooks
            .set_faults(faults.duplicate_deliveries, faults.batch);
        self.lock().faults = faults;
    }

    pub fn sent(&self) -> Vec<SentWhatsApp> {
        self.lock().sent.clone()
    }

    /// (acknowledged deliveries, deliveries still waiting, refused or failed attempts).
    pub fn delivery_counts(&self) -> (u64, usize, u64) {
        self.webhooks.counts()
    }

    pub(super) fn new_id(&self, prefix: &str) -> String {
        let mut s = self.lock();
        s.next_id += 1;
        format!("{prefix}{}{:08}", s.options.phone_number_id, s.next_id)
    }

    /// The `value` of one change, with this number's metadata.
    pub(super) fn change(&self, field: &str, mut value: Value) -> Value {
        let o = self.options();
        value["messaging_product"] = json!("whatsapp");
        value["metadata"] = json!({
            "display_phone_number": o.display_phone_number,
            "phone_number_id": o.phone_number_id,
        });
        json!({
            "object": "whatsapp_business_account",
            "entry": [{ "id": o.business_account_id, "changes": [{ "field": field, "value": value }] }]
        })
    }

    /// Queues a delivery for the app's receiver (any JSON: tests send authentic payloads).
    pub fn deliver(&self, body: Value) {
        self.webhooks.push(body);
    }

    /// A customer writes; returns the message's wamid. `message` is the type-specific part,
    /// e.g. `{"type": "text", "text": {"body": "Ciao"}}`.
    pub fn customer_says(
        &self,
        customer: &WaCustomer,
        message: Value,
        timestamp: Option<i64>,
    ) -> String {
        let id = self.new_id("wamid.in.");
        let at = timestamp.unwrap_or_else(now_secs);
        {
            let mut s = self.lock();
            s.customers.insert(customer.wa_id.clone(), customer.clone());
            let last = s
                .last_customer_message
                .entry(customer.wa_id.clone())
                .or_insert(0);
            *last = (*last).max(at);
        }
        let mut m = message;
        m["from"] = json!(customer.wa_id);
        m["id"] = json!(id);
        m["timestamp"] = json!(at.to_string());
        let value = json!({
            "contacts": [{ "profile": { "name": customer.name }, "wa_id": customer.wa_id }],
            "messages": [m],
        });
        self.deliver(self.change("messages", value));
        id
    }

    /// A customer sends a file: its bytes become downloadable by media id.
    pub fn customer_sends_media(
        &self,
        customer: &WaCustomer,
        wa_type: &str,
        mime_type: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> String {
        let media_id = self.new_id("");
        self.lock()
            .media
            .insert(media_id.clone(), (bytes, mime_type.to_owned()));
        let mut media = json!({ "id": media_id, "mime_type": mime_type, "sha256": "" });
        if !caption.is_empty() {
            media["caption"] = json!(caption);
        }
        self.customer_says(customer, json!({ "type": wa_type, wa_type: media }), None)
    }

    /// The owner writes from the WhatsApp Business app on their phone (coexistence).
    pub fn owner_says_from_phone(&self, to: &str, text: &str) -> String {
        let id = self.new_id("wamid.echo.");
        let o = self.options();
        let value = json!({ "message_echoes": [{
            "from": o.display_phone_number, "to": to, "id": id,
            "timestamp": now_secs().to_string(), "type": "text", "text": { "body": text },
        }]});
        self.deliver(self.change("smb_message_echoes", value));
        id
    }

    /// Statuses for a message the shop sent: sent, delivered, then read, in that order unless
    /// the faults shuffle them.
    pub(super) fn report_statuses(
        &self,
        wamid: &str,
        to: &str,
        statuses: &[&str],
        error: Option<Value>,
    ) {
        let shuffle = {
            let mut s = self.lock();
            let take = s.faults.reorder_statuses > 0;
            if take {
                s.faults.reorder_statuses -= 1;
            }
            take
        };
        let mut list: Vec<&str> = statuses.to_vec();
        if shuffle {
            list.reverse();
        }
        for status in list {
            let mut s = json!({ "id": wamid, "status": status, "timestamp": now_secs().to_string(), "recipient_id": to });
            if status == "failed" {
                if let Some(e) = &error {
                    s["errors"] = json!([e]);
                }
            }
            self.deliver(self.change("messages", json!({ "statuses": [s] })));
        }
    }

    pub(super) fn within_window(&self, wa_id: &str) -> bool {
        self.lock()
            .last_customer_message
            .get(wa_id)
            .is_some_and(|at| now_secs() - at < SERVICE_WINDOW_SECS)
    }

    pub fn cap_marketing(&self, wa_ids: &[String]) {
        self.lock().marketing_capped.extend(wa_ids.iter().cloned());
    }

    pub(super) fn marketing_capped(&self, wa_id: &str) -> bool {
        self.lock().marketing_capped.contains(wa_id)
    }

    pub fn set_templates(&self, templates: Vec<Value>) {
        self.lock().templates = templates;
    }
}
