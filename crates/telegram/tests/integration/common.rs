//! What the engine tests share: a simulator, a shop on a real cache file with a demo account
//! (no keyring needed), and a customer.

use std::time::Duration;

use sportello_core::model::{ChannelKind, MessageStatus, MessageView};
use sportello_core::{AccountSecrets, CoreEvent, Inbox, NewAccount, DEMO_BOT_TOKEN};
use sportello_sim::telegram::Customer;
use sportello_sim::{Sim, SimOptions};
use tokio::sync::broadcast::Receiver;

pub fn connect(
    c: &sportello_core::ChannelConfig,
) -> Result<std::sync::Arc<dyn sportello_core::Channel>, sportello_core::ChannelError> {
    sportello_telegram::TelegramChannel::connect(c)
}

pub async fn sim_on(port: u16) -> Sim {
    Sim::start(SimOptions {
        telegram_token: DEMO_BOT_TOKEN.into(),
        port,
        ..Default::default()
    })
    .await
    .unwrap()
}

pub fn marco() -> Customer {
    Customer {
        chat_id: 3301,
        first_name: "Marco".into(),
        last_name: Some("Verdi".into()),
        username: None,
        language_code: None,
    }
}

pub struct Shop {
    _dir: tempfile::TempDir,
    pub inbox: Inbox,
}

impl Shop {
    /// Queues a short reply (one part) and returns it as shown in the chat.
    pub async fn reply(&self, conv: i64, text: &str) -> MessageView {
        self.inbox
            .send_text(conv, text.into(), None)
            .await
            .unwrap()
            .remove(0)
    }
}

pub async fn shop(sim: &Sim) -> Shop {
    shop_with_account(sim, AccountSecrets::default(), true)
        .await
        .0
}

/// A shop whose account is a demo one (no keyring) or keeps `secrets` in the session keyring.
pub async fn shop_with_account(
    sim: &Sim,
    secrets: AccountSecrets,
    is_demo: bool,
) -> (Shop, sportello_core::model::Account) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(dir.path(), connect).unwrap();
    let account = inbox
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name: "Test shop".into(),
            api_base: Some(sim.url()),
            secrets,
            is_demo,
            ids: Default::default(),
        })
        .await
        .expect("add the account (a keyring one needs the session keyring)");
    (Shop { _dir: dir, inbox }, account)
}

/// A chat with Marco, synced once so the conversation exists.
pub async fn chat_with_marco(sim: &Sim, shop: &Shop) -> i64 {
    sim.telegram().customer_says(&marco(), "Buonasera", None);
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    shop.inbox.conversations(10).await.unwrap()[0].id
}

pub async fn next_matching(
    events: &mut Receiver<CoreEvent>,
    what: &str,
    pred: impl Fn(&CoreEvent) -> bool,
) -> CoreEvent {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let e = events.recv().await.expect("bus open");
            if pred(&e) {
                return e;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no event: {what}"))
}

pub async fn status_of(shop: &Shop, conv: i64, id: i64) -> MessageStatus {
    let msgs = shop.inbox.messages(conv, 100, None).await.unwrap();
    msgs.iter().find(|m| m.id == id).unwrap().status
}
