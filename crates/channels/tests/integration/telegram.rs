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

    async fn lose_next_answer(&self) {
        self.sim.telegram().set_faults(Faults {
            drop_after_send: 1,
            ..Faults::default()
        });
    }

    fn reopen(&mut self) {
        self.inbox = Inbox::open(self.dir.path(), sportello_channels::connect).unwrap();
    }
}

conformance_tests!(TelegramShop);

/// Through a Telegram Business connection the bot answers only with the owner's `can_reply`
/// right; without it no automatic message goes, while a connection with it gets one, in the
/// customer's language.
#[tokio::test(flavor = "multi_thread")]
async fn a_business_chat_without_the_right_to_reply_gets_no_away_message() {
    use sportello_sim::telegram::BusinessAccount;
    let shop = TelegramShop::open().await;
    crate::away::set_hours(shop.inbox(), true).await;
    shop.inbox()
        .set_auto_message(
            sportello_core::model::AutoKind::Away,
            sportello_core::model::AutoMessage {
                on: true,
                text: crate::away::AWAY.into(),
                translations: [("pt".to_string(), "Estamos fechados.".to_string())].into(),
                language: Some("it".into()),
                after_days: None,
            },
        )
        .await
        .unwrap();
    let owner = |id: i64, name: &str| Customer::new(id, name);
    let mut reader = BusinessAccount {
        id: "biz-read-only".into(),
        owner: owner(900, "Owner"),
        can_reply: false,
        is_enabled: true,
    };
    let tg = shop.sim.telegram();
    tg.connect_business(&reader);
    let mut giulia = Customer::new(6601, "Giulia");
    giulia.language_code = Some("pt-br".into());
    tg.know_customer(&giulia);
    tg.customer_says_to_business(&reader.id, &giulia, "Olá, estão abertos?");
    crate::suite::arrives(&shop, "Olá, estão abertos?").await;
    for done in crate::suite::sync_once(shop.inbox()).await {
        done.result.unwrap();
    }
    assert!(
        tg.sent().iter().all(|m| m.text != "Estamos fechados."),
        "{:?}",
        tg.sent()
    );

    reader.id = "biz-replies".into();
    reader.owner = owner(901, "Owner Two");
    reader.can_reply = true;
    tg.connect_business(&reader);
    let paulo = Customer {
        language_code: Some("pt".into()),
        ..Customer::new(6602, "Paulo")
    };
    tg.know_customer(&paulo);
    tg.customer_says_to_business(&reader.id, &paulo, "Bom dia?");
    crate::suite::arrives(&shop, "Bom dia?").await;
    for done in crate::suite::sync_once(shop.inbox()).await {
        done.result.unwrap();
    }
    let sent = tg.sent();
    assert_eq!(
        sent.iter()
            .filter(|m| m.text == "Estamos fechados.")
            .count(),
        1,
        "{sent:?}"
    );
}
