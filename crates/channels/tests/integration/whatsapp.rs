//! WhatsApp Cloud in the conformance suite: the simulated Graph API, and Meta's signed webhook
//! deliveries to the real receiver on 127.0.0.1.

use async_trait::async_trait;
use serde_json::json;
use sportello_core::model::AccountId;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_sim::whatsapp::{Faults, WaCustomer};
use sportello_sim::{Sim, SimOptions, WhatsAppOptions};

use crate::meta::{drained, stored_deliveries, MetaShop};
use crate::platform::Platform;

pub struct WhatsAppShop(MetaShop);

fn giulia() -> WaCustomer {
    WaCustomer::new("393471234567", "Giulia Bianchi")
}

impl WhatsAppShop {
    fn options(&self) -> WhatsAppOptions {
        self.0.sim.whatsapp().options()
    }

    async fn drained(&self) {
        drained(|| self.0.sim.whatsapp().delivery_counts()).await;
    }
}

#[async_trait]
impl Platform for WhatsAppShop {
    async fn open() -> Self {
        let o = WhatsAppOptions::default();
        let sim = Sim::start(SimOptions {
            whatsapp: o.clone(),
            ..SimOptions::default()
        })
        .await
        .unwrap();
        let secrets = AccountSecrets::whatsapp(&o.access_token, &o.app_secret, Some("conformance"));
        let new = NewAccount::whatsapp(
            "Panificio",
            secrets,
            &o.phone_number_id,
            Some(&o.business_account_id),
        )
        .at(Some(sim.graph_url()));
        let shop = MetaShop::open(sim, new).await;
        shop.sim.whatsapp().set_webhook(Some(shop.webhook_url()));
        WhatsAppShop(shop)
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
        self.0.sim.whatsapp().customer_says(
            &giulia(),
            json!({ "type": "text", "text": { "body": text } }),
            None,
        );
    }

    async fn deliver_next_twice(&self) {
        self.0.sim.whatsapp().set_faults(Faults {
            duplicate_deliveries: 1,
            ..Faults::default()
        });
    }

    async fn delivered_twice(&self) {
        stored_deliveries(&self.0, 2).await;
    }

    async fn report_backwards(&self, remote_id: &str) {
        // Its own reports after the send first (sent, delivered, read), then ours.
        self.drained().await;
        let o = self.options();
        for status in ["read", "delivered", "sent"] {
            self.0.sim.whatsapp().deliver(json!({
                "object": "whatsapp_business_account",
                "entry": [{ "id": o.business_account_id, "changes": [{ "field": "messages", "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": o.display_phone_number, "phone_number_id": o.phone_number_id },
                    "statuses": [{ "id": remote_id, "status": status, "timestamp": "1766400000",
                                   "recipient_id": giulia().wa_id }],
                } }] }],
            }));
        }
        self.drained().await;
    }

    async fn slow_down_next(&self, secs: u64) {
        // Cloud API throughput exceeded (130429), with the wait in Retry-After.
        self.0.sim.whatsapp().set_faults(Faults {
            fail_next: 1,
            status: 429,
            code: 130429,
            retry_after: Some(secs),
            ..Faults::default()
        });
    }

    async fn revoke(&self) {
        self.0.sim.whatsapp().revoke_token("EAAG-revoked");
    }

    async fn sent_texts(&self) -> Vec<String> {
        self.0
            .sim
            .whatsapp()
            .sent()
            .into_iter()
            .filter(|m| m.kind == "text")
            .map(|m| m.text)
            .collect()
    }

    async fn sent_photo_captions(&self) -> Vec<String> {
        self.0
            .sim
            .whatsapp()
            .sent()
            .into_iter()
            .filter(|m| m.kind == "image")
            .map(|m| m.text)
            .collect()
    }

    async fn lose_next_answer(&self) {
        self.0.sim.whatsapp().set_faults(Faults {
            drop_after_send: 1,
            ..Faults::default()
        });
    }

    fn reopen(&mut self) {
        self.0.reopen();
    }
}

conformance_tests!(WhatsAppShop);
