//! The simulated Page: its conversations, customers, what the shop sent, faults, and the
//! deliveries it makes to the app.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::meta_webhooks::Deliverer;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessengerOptions {
    pub page_id: String,
    pub page_name: String,
    pub page_access_token: String,
    pub app_secret: String,
    /// Where to deliver webhooks; None: they wait (the laptop cannot be reached).
    pub webhook_url: Option<String>,
}

impl Default for MessengerOptions {
    fn default() -> Self {
        MessengerOptions {
            page_id: "104729368012345".into(),
            page_name: "Forno Rossi".into(),
            page_access_token: "EAAP-sportello-sim-page".into(),
            app_secret: "sportello-sim-app-secret".into(),
            webhook_url: None,
        }
    }
}

/// A customer of the Page: their page-scoped id and name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FbCustomer {
    pub psid: String,
    pub name: String,
}

impl FbCustomer {
    pub fn new(psid: &str, name: &str) -> Self {
        FbCustomer {
            psid: psid.into(),
            name: name.into(),
        }
    }
}

/// What the Page sent through the Send API, as recorded for tests.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentMessenger {
    pub id: String,
    pub to: String,
    /// "text", "image", "file", or a sender action ("mark_seen", "typing_on").
    pub kind: String,
    pub text: String,
    pub messaging_type: Option<String>,
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// The next N Graph API calls fail with `status`, Meta `code` and `subcode`.
    pub fail_next: u32,
    pub status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    /// Seconds in a `Retry-After` header on those failures (Meta sends none by default).
    pub retry_after: Option<u64>,
    pub duplicate_deliveries: u32,
    pub batch: u32,
    /// The next N sends are carried out, but the connection drops before the answer: the
    /// app cannot know they went.
    pub drop_after_send: u32,
}

#[derive(Debug, Clone)]
pub(super) struct Message {
    pub(super) id: String,
    pub(super) at_ms: i64,
    pub(super) from_page: bool,
    pub(super) text: String,
}

#[derive(Debug, Clone)]
pub(super) struct Conversation {
    pub(super) psid: String,
    pub(super) messages: Vec<Message>,
}

#[derive(Default)]
pub(super) struct State_ {
    pub(super) options: MessengerOptions,
    pub(super) customers: HashMap<String, FbCustomer>,
    pub(super) conversations: Vec<Conversation>,
    pub(super) sent: Vec<SentMessenger>,
    pub(super) next_id: u64,
    pub(super) faults: Faults,
}

#[derive(Clone)]
pub struct MessengerSim {
    pub(super) state: Arc<Mutex<State_>>,
    pub(super) webhooks: Deliverer,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl MessengerSim {
    pub fn new(options: MessengerOptions) -> Self {
        MessengerSim {
            webhooks: Deliverer::new(&options.app_secret, options.webhook_url.clone()),
            state: Arc::new(Mutex::new(State_ {
                options,
                next_id: 1,
                ..Default::default()
            })),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn options(&self) -> MessengerOptions {
        self.lock().options.clone()
    }

    pub fn start_delivering(&self) {
        self.webhooks.start();
    }

    pub fn set_webhook(&self, url: Option<String>) {
        self.webhooks.set_url(url);
    }

    pub fn set_faults(&self, faults: Faults) {
        self.webhooks
            .set_faults(faults.duplicate_deliveries, faults.batch);
        self.lock().faults = faults;
    }

    pub fn revoke_token(&self, token: &str) {
        self.lock().options.page_access_token = token.to_owned();
    }

    pub fn sent(&self) -> Vec<SentMessenger> {
        self.lock().sent.clone()
    }

    pub fn delivery_counts(&self) -> (u64, usize, u64) {
        self.webhooks.counts()
    }

    pub fn deliver(&self, body: Value) {
        self.webhooks.push(body);
    }

    pub(super) fn new_mid(&self) -> String {
        let mut s = self.lock();
        s.next_id += 1;
        format!("m_sim{:010}", s.next_id)
    }

    pub(super) fn entry(&self, messaging: Value) -> Value {
        let o = self.options();
        json!({ "object": "page", "entry": [{ "id": o.page_id, "time": now_ms(), "messaging": [messaging] }] })
    }

    pub(super) fn record(&self, psid: &str, message: Message) {
        let mut s = self.lock();
        match s.conversations.iter_mut().find(|c| c.psid == psid) {
            Some(c) => c.messages.push(message),
            None => s.conversations.push(Conversation {
                psid: psid.to_owned(),
                messages: vec![message],
            }),
        }
    }

    /// A customer writes to the Page at `at_ms` (now if None); returns the message id. The
    /// message is in the inbox at once and delivered by webhook when one is registered.
    pub fn customer_says(&self, customer: &FbCustomer, text: &str, at_ms: Option<i64>) -> String {
        let mid = self.new_mid();
        let at = at_ms.unwrap_or_else(now_ms);
        self.lock()
            .customers
            .insert(customer.psid.clone(), customer.clone());
        self.record(
            &customer.psid,
            Message {
                id: mid.clone(),
                at_ms: at,
                from_page: false,
                text: text.to_owned(),
            },
        );
        let page = self.options().page_id;
        self.deliver(self.entry(json!({
            "sender": { "id": customer.psid }, "recipient": { "id": page }, "timestamp": at,
            "message": { "mid": mid, "text": text },
        })));
        mid
    }

    /// The Page answers from Facebook itself (not from Sportello): an echo by webhook.
    pub fn page_says_elsewhere(&self, psid: &str, text: &str) -> String {
        let mid = self.new_mid();
        let at = now_ms();
        self.record(
            psid,
            Message {
                id: mid.clone(),
                at_ms: at,
                from_page: true,
                text: text.to_owned(),
            },
        );
        let page = self.options().page_id;
        self.deliver(self.entry(json!({
            "sender": { "id": page }, "recipient": { "id": psid }, "timestamp": at,
            "message": { "mid": mid, "is_echo": true, "app_id": 1, "text": text },
        })));
        mid
    }

    /// The customer's Messenger reports delivery and reading up to now.
    pub fn customer_reads(&self, psid: &str) {
        let page = self.options().page_id;
        let at = now_ms();
        self.deliver(self.entry(json!({
            "sender": { "id": psid }, "recipient": { "id": page }, "timestamp": at,
            "delivery": { "watermark": at },
        })));
        self.deliver(self.entry(json!({
            "sender": { "id": psid }, "recipient": { "id": page }, "timestamp": at,
            "read": { "watermark": at },
        })));
    }

    /// How long since the customer last wrote, in ms (None: never).
    pub(super) fn since_customer_wrote(&self, psid: &str) -> Option<i64> {
        let s = self.lock();
        let last = s
            .conversations
            .iter()
            .find(|c| c.psid == psid)?
            .messages
            .iter()
            .filter(|m| !m.from_page)
            .map(|m| m.at_ms)
            .max()?;
        Some(now_ms() - last)
    }
}
