//! Messenger (a Facebook Page) in the conformance suite: the simulated Graph API (the Page's
//! inbox, the Send API) and Meta's signed webhook deliveries to the real receiver.

use async_trait::async_trait;
use serde_json::json;
use sportello_core::model::AccountId;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_sim::messenger::{now_ms, Faults, FbCustomer};
use sportello_sim::{MessengerOptions, Sim, SimOptions};

use crate::meta::{drained, stored_deliveries, MetaShop};
use crate::platform::Platform;

pub struct MessengerShop(MetaShop);

fn luca() -> FbCustomer {
    FbCustomer::new("7300000000000042", "Luca Neri")
}

impl MessengerShop {
    fn page_id(&self) -> String {
        self.0.sim.messenger().options().page_id
    }

    /// A watermark event from the customer's Messenger (`delivery` or `read`) up to `at_ms`.
    fn watermark(&self, kind: &str, at_ms: i64) {
        let page = self.page_id();
        self.0.sim.messenger().deliver(json!({
            "object": "page",
            "entry": [{ "id": page, "time": at_ms, "messaging": [{
                "sender": { "id": luca().psid }, "recipient": { "id": page }, "timestamp": at_ms,
                kind: { "watermark": at_ms },
            }] }],
        }));
    }
}

#[async_trait]
impl Platform for MessengerShop {
    async fn open() -> Self {
        let o = MessengerOptions::default();
        let sim = Sim::start(SimOptions {
            messenger: o.clone(),
            ..SimOptions::default()
        })
        .await
        .unwrap();
        let secrets =
            AccountSecrets::messenger(&o.page_access_token, &o.app_secret, Some("conformance"));
        let new =
            NewAccount::messenger("Forno", secrets, &o.page_id).at(Some(sim.messenger_graph_url()));
        let shop = MetaShop::open(sim, new).await;
        shop.sim.messenger().set_webhook(Some(shop.webhook_url()));
        MessengerShop(shop)
    }

    fn inbox(&self) -> &Inbox {
        &self.0.inbox
    }

    fn account(&self) -> AccountId {
        self.0.account.id
    }

    fn reports_statuses(&self) -> bool {
        true
    }

    async fn customer_writes(&self, text: &str) {
        self.0.sim.messenger().customer_says(&luca(), text, None);
    }

    async fn deliver_next_twice(&self) {
        self.0.sim.messenger().set_faults(Faults {
            duplicate_deliveries: 1,
            ..Faults::default()
        });
    }

    async fn delivered_twice(&self) {
        stored_deliveries(&self.0, 2).await;
    }

    async fn report_backwards(&self, _remote_id: &str) {
        // Messenger reports by watermark: read up to now, then a late delivery from before.
        let now = now_ms() + 1000;
        self.watermark("read", now);
        self.watermark("delivery", now - 500);
        drained(|| self.0.sim.messenger().delivery_counts()).await;
    }

    async fn slow_down_next(&self, secs: u64) {
        // The Page's calls are throttled (613), with the wait in Retry-After.
        self.0.sim.messenger().set_faults(Faults {
            fail_next: 1,
            status: 429,
            code: 613,
            retry_after: Some(secs),
            ..Faults::default()
        });
    }

    async fn revoke(&self) {
        self.0.sim.messenger().revoke_token("EAAB-revoked");
    }

    async fn sent_texts(&self) -> Vec<String> {
        self.0
            .sim
            .messenger()
            .sent()
            .into_iter()
            .filter(|m| m.kind == "text")
            .map(|m| m.text)
            .collect()
    }

    async fn sent_photo_captions(&self) -> Vec<String> {
        // Messenger attachments carry no caption: it follows as the next text.
        let sent = self.0.sim.messenger().sent();
        sent.iter()
            .enumerate()
            .filter(|(_, m)| m.kind == "image")
            .filter_map(|(i, m)| {
                sent[i + 1..]
                    .iter()
                    .find(|next| next.to == m.to && next.kind == "text")
                    .map(|next| next.text.clone())
            })
            .collect()
    }

    async fn lose_next_answer(&self) {
        self.0.sim.messenger().set_faults(Faults {
            drop_after_send: 1,
            ..Faults::default()
        });
    }

    fn reopen(&mut self) {
        self.0.reopen();
    }
}

conformance_tests!(MessengerShop);

/// An automatic message is a RESPONSE inside the standard 24 hours, never tagged HUMAN_AGENT
/// (Meta: that tag is for replies a person wrote), even on a Page allowed to use the tag.
#[tokio::test(flavor = "multi_thread")]
async fn an_away_message_is_a_response_without_a_tag() {
    let shop = MessengerShop::open().await;
    shop.inbox()
        .set_human_agent(shop.account(), true)
        .await
        .unwrap();
    crate::away::set_hours(shop.inbox(), true).await;
    shop.customer_writes("Siete aperti stasera?").await;
    crate::suite::arrives(&shop, "Siete aperti stasera?").await;
    for done in crate::suite::sync_once(shop.inbox()).await {
        done.result.unwrap();
    }
    let sent = shop.0.sim.messenger().sent();
    let away: Vec<_> = sent
        .iter()
        .filter(|m| m.text == crate::away::AWAY)
        .collect();
    assert_eq!(away.len(), 1, "{sent:?}");
    assert_eq!(away[0].messaging_type.as_deref(), Some("RESPONSE"));
    assert_eq!(away[0].tag, None);
}
