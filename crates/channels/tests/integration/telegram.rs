//! Telegram (a bot) in the conformance suite: the simulated Bot API, polled.

use async_trait::async_trait;
use sportello_core::model::{Account, AccountId};
use sportello_core::{Inbox, NewAccount};
use sportello_sim::telegram::{Customer, Faults};
use sportello_sim::{Sim, SimOptions};

use crate::platform::Platform;

pub struct TelegramShop {
    dir: tempfile::TempDir,
    inbox: Inbox,
    account: Account,
    sim: Sim,
}

fn anna() -> Customer {
    Customer::new(5501, "Anna")
}

#[async_trait]
impl Platform for TelegramShop {
    async fn open() -> Self {
        let options = SimOptions::default();
        let token = options.telegram_token.clone();
        let sim = Sim::start(options).await.unwrap();
        sim.telegram().know_customer(&anna());
        let dir = tempfile::tempdir().unwrap();
        let inbox = Inbox::open(dir.path(), sportello_channels::connect).unwrap();
        let account = inbox
            .add_account(NewAccount::telegram("Forno", &token).at(Some(sim.url())))
            .await
            .expect("the account (its token in the session keyring)");
        TelegramShop {
            dir,
            inbox,
            account,
            sim,
        }
    }

    fn inbox(&self) -> &Inbox {
        &self.inbox
    }

    fn account(&self) -> AccountId {
        self.account.id
    }

    fn reports_statuses(&self) -> bool {
        false
    }

    async fn customer_writes(&self, text: &str) {
        self.sim.telegram().customer_says(&anna(), text, None);
    }

    async fn deliver_next_twice(&self) {
        self.sim.telegram().set_faults(Faults {
            duplicate_next: 1,
            ..Faults::default()
        });
    }

    async fn delivered_twice(&self) {
        // Both updates wait in the same getUpdates queue: the poll that brought one brought
        // the other.
    }

    async fn report_backwards(&self, _remote_id: &str) {
        unreachable!("Telegram reports no statuses to bots")
    }

    async fn slow_down_next(&self, secs: u64) {
        self.sim.telegram().set_faults(Faults {
            fail_next: 1,
            status: 429,
            retry_after: Some(secs),
            ..Faults::default()
        });
    }

    async fn revoke(&self) {
        self.sim
            .telegram()
            .revoke_token("1000001:revoked-in-botfather");
    }

    async fn sent_texts(&self) -> Vec<String> {
        self.sim
            .telegram()
            .sent()
            .into_iter()
            .filter(|m| m.kind == "text")
            .map(|m| m.text)
            .collect()
    }

    async fn sent_photo_captions(&self) -> Vec<String> {
        self.sim
            .telegram()
            .sent()
            .into_iter()
            .filter(|m| m.kind == "photo")
            .map(|m| m.text)
            .collect()
    }

    fn reopen(&mut self) {
        self.inbox = Inbox::open(self.dir.path(), sportello_channels::connect).unwrap();
    }
}

conformance_tests!(TelegramShop);
