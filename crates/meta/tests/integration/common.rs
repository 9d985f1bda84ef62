//! What the WhatsApp tests share: the simulator (Graph API and Meta's webhook deliveries), a
//! shop on a real cache file with a WhatsApp account whose secrets are in the real keyring, and
//! the real webhook receiver on 127.0.0.1.

use std::future::Future;
use std::time::Duration;

use serde_json::json;
use sportello_core::model::{
    Account, ChannelKind, ConversationSummary, MessageStatus, MessageView,
};
use sportello_core::secrets::SecretName;
use sportello_core::{AccountIds, AccountSecrets, Inbox, NewAccount};
use sportello_meta::{Receiver, ReceiverOptions, WEBHOOK_PATH};
use sportello_sim::whatsapp::WaCustomer;
use sportello_sim::{Sim, SimOptions, WhatsAppOptions};

pub fn options() -> WhatsAppOptions {
    WhatsAppOptions::default()
}

pub fn secrets() -> AccountSecrets {
    let o = options();
    AccountSecrets::default()
        .with(SecretName::AccessToken, o.access_token)
        .with(SecretName::AppSecret, o.app_secret)
        .with(SecretName::VerifyToken, "torta-di-mele")
}

pub fn giulia() -> WaCustomer {
    WaCustomer::new("393471234567", "Giulia Bianchi")
}

pub struct Shop {
    pub dir: tempfile::TempDir,
    pub inbox: Inbox,
    pub account: Account,
    pub receiver: Receiver,
    pub sim: Sim,
}

impl Shop {
    /// The receiver's URL, as registered in the Meta dashboard (through a tunnel, in life).
    pub fn webhook_url(&self) -> String {
        format!("http://{}{WEBHOOK_PATH}", self.receiver.local_addr())
    }

    pub async fn conversations(&self) -> Vec<ConversationSummary> {
        self.inbox.conversations(100).await.unwrap()
    }

    pub async fn messages(&self, conversation: i64) -> Vec<MessageView> {
        self.inbox.messages(conversation, 500, None).await.unwrap()
    }

    /// Processes what the receiver stored, as `sportello-cli sync --once` does.
    pub async fn sync_once(&self) {
        let lock = self.inbox.lock_sync().unwrap();
        for r in self.inbox.sync_once(&lock).await.unwrap() {
            r.result.unwrap();
        }
    }
}

/// A shop on a fresh data dir holding `new` (added through the real checks, secrets in the
/// real keyring), with the webhook receiver running on a free port of 127.0.0.1.
async fn open_shop(sim: Sim, new: NewAccount) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(dir.path(), sportello_channels::connect).unwrap();
    let account = inbox.add_account(new).await.unwrap();
    let receiver = Receiver::start(
        inbox.clone(),
        ReceiverOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    Shop {
        dir,
        inbox,
        account,
        receiver,
        sim,
    }
}

/// A shop with a WhatsApp account on a simulated number (`o`). Webhooks are registered with
/// the simulator unless `register` is false; sync is not started.
pub async fn shop_for(o: WhatsAppOptions, register: bool) -> Shop {
    let sim = Sim::start(SimOptions {
        whatsapp: o.clone(),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let api_base = Some(sim.graph_url());
    let shop = open_shop(
        sim,
        NewAccount {
            channel: ChannelKind::Whatsapp,
            name: "Panificio".into(),
            api_base,
            secrets: secrets(),
            is_demo: false,
            ids: AccountIds {
                remote_id: Some(o.phone_number_id.clone()),
                business_account_id: Some(o.business_account_id.clone()),
            },
        },
    )
    .await;
    if register {
        shop.sim.whatsapp().set_webhook(Some(shop.webhook_url()));
    }
    shop
}

pub async fn shop() -> Shop {
    shop_for(options(), true).await
}

/// A shop whose sync engine runs, as in the app.
pub async fn live_shop() -> Shop {
    let shop = shop().await;
    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox.start_sync(lock).await.unwrap();
    shop
}

/// Waits until `check` returns Some, polling; panics after 30 s naming `what`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An authentic payload from ../shared/fixtures/whatsapp, byte for byte.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/fixtures/whatsapp/{name}",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Posts `body` to the shop's receiver, signed with `secret` (None: no signature at all).
pub async fn post(shop: &Shop, body: Vec<u8>, secret: Option<&str>) -> reqwest::StatusCode {
    let mut request = reqwest::Client::new()
        .post(shop.webhook_url())
        .header("content-type", "application/json");
    if let Some(secret) = secret {
        request = request.header(
            "x-hub-signature-256",
            sportello_meta::signature::sign(secret, &body),
        );
    }
    request.body(body).send().await.unwrap().status()
}

/// Posts `body` signed with the shop's app secret, as Meta would.
pub async fn post_signed(shop: &Shop, body: Vec<u8>) -> reqwest::StatusCode {
    post(shop, body, Some(&options().app_secret)).await
}

/// A shop with a Messenger Page account on the simulator (`o`); the Page's webhook is
/// registered only if `register`.
pub async fn page_shop(o: sportello_sim::MessengerOptions, register: bool) -> Shop {
    let sim = Sim::start(SimOptions {
        messenger: o.clone(),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let api_base = Some(sim.messenger_graph_url());
    let shop = open_shop(
        sim,
        NewAccount {
            channel: ChannelKind::Messenger,
            name: "Forno Rossi".into(),
            api_base,
            secrets: AccountSecrets::default()
                .with(SecretName::PageAccessToken, o.page_access_token.clone())
                .with(SecretName::AppSecret, o.app_secret.clone())
                .with(SecretName::VerifyToken, "pane-caldo"),
            is_demo: false,
            ids: AccountIds {
                remote_id: Some(o.page_id.clone()),
                business_account_id: None,
            },
        },
    )
    .await;
    if register {
        shop.sim.messenger().set_webhook(Some(shop.webhook_url()));
    }
    shop
}

/// An authentic Messenger payload from ../shared/fixtures/messenger, byte for byte.
pub fn messenger_fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/fixtures/messenger/{name}",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Giulia writes; returns the conversation once the shop has it.
pub async fn giulia_writes(shop: &Shop, text: &str) -> i64 {
    shop.sim.whatsapp().customer_says(
        &giulia(),
        json!({ "type": "text", "text": { "body": text } }),
        None,
    );
    let text = text.to_owned();
    eventually("Giulia's message in the shop", || async {
        for c in shop.conversations().await {
            if shop.messages(c.id).await.iter().any(|m| m.text == text) {
                return Some(c.id);
            }
        }
        None
    })
    .await
}

pub async fn status_becomes(shop: &Shop, conv: i64, id: i64, want: MessageStatus) {
    eventually(&format!("message {id} {want:?}"), || async {
        shop.messages(conv)
            .await
            .iter()
            .find(|m| m.id == id && m.status == want)
            .map(|_| ())
    })
    .await
}

/// A Page with its own id (each test its own Page, so their messages never mix).
pub fn page(page_id: &str) -> sportello_sim::MessengerOptions {
    sportello_sim::MessengerOptions {
        page_id: page_id.into(),
        ..sportello_sim::MessengerOptions::default()
    }
}

pub fn now_ms() -> i64 {
    sportello_sim::messenger::now_ms()
}

pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// The Page's own earlier message `mid` to `customer`, written at `at_ms` (an echo).
pub fn echo(page_id: &str, customer: &str, mid: &str, at_ms: i64) -> Vec<u8> {
    serde_json::to_vec(
        &json!({ "object": "page", "entry": [{ "id": page_id, "time": at_ms, "messaging": [{
        "sender": { "id": page_id }, "recipient": { "id": customer }, "timestamp": at_ms,
        "message": { "mid": mid, "is_echo": true, "text": "Ordine pronto" } }] }] }),
    )
    .unwrap()
}
