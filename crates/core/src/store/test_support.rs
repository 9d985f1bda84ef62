//! What the store's tests share: a real cache file in a temp dir (through the same open path as
//! the app), an account, and customer messages through the real ingest path.

use super::accounts::NewAccountRow;
use super::database::Store;
use super::{Applied, RecordedChange};
use crate::inbound::{
    ConversationKind, Inbound, InboundBatch, InboundMessage, RemoteContact, RemoteConversation,
};
use crate::model::ShopChange;
use crate::model::{AccountId, ChannelKind, ConversationId, Direction};
use crate::time_fmt::now_ms;

/// A real cache file in a temp dir, through the same open path as the app.
pub fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cache.sqlite3")).unwrap();
    (dir, store)
}

pub fn account(store: &Store) -> AccountId {
    account_on(store, ChannelKind::Telegram)
}

pub fn account_on(store: &Store, channel: ChannelKind) -> AccountId {
    store
        .insert_account(&NewAccountRow {
            channel,
            name: "Bakery",
            api_base: None,
            remote_id: "1",
            display_name: "@bakery_bot",
            secret_ref: &uuid::Uuid::new_v4().to_string(),
            is_demo: false,
            business_account_id: None,
            phone: None,
            quality_rating: None,
        })
        .unwrap()
        .id
}

/// One customer chat holding `texts` in order, through the real ingest path.
pub fn one_chat(store: &Store, texts: &[&str]) -> (AccountId, ConversationId) {
    let acc = account(store);
    let events = texts
        .iter()
        .enumerate()
        .map(|(i, t)| customer_message("42", &i.to_string(), t, 1_000 + i as i64))
        .collect();
    store
        .ingest(
            acc,
            "updates",
            &InboundBatch {
                events,
                cursor: None,
            },
        )
        .unwrap();
    (acc, store.conversations(1).unwrap()[0].id)
}

pub fn customer_message(chat: &str, id: &str, text: &str, at: i64) -> Inbound {
    Inbound::Message(customer_msg(chat, id, text, at))
}

pub fn customer_msg(chat: &str, id: &str, text: &str, at: i64) -> InboundMessage {
    InboundMessage {
        remote_id: format!("{chat}:{id}"),
        conversation: RemoteConversation {
            remote_id: chat.into(),
            kind: ConversationKind::Private,
            title: format!("Customer {chat}"),
        },
        sender: Some(RemoteContact {
            remote_id: chat.into(),
            display_name: format!("Customer {chat}"),
            username: None,
            phone: None,
            language: None,
        }),
        direction: Direction::In,
        kind: "text".into(),
        text: text.into(),
        sent_at_ms: at,
        reply_to_remote_id: None,
        attachments: vec![],
        entities: None,
        forwarded_from: None,
        business_connection_id: None,
    }
}

/// Records `change` in the log of shop changes, as this device, now.
pub fn record(store: &Store, change: ShopChange) -> Applied {
    store
        .record_change(&RecordedChange {
            id: uuid::Uuid::now_v7().to_string(),
            at_ms: now_ms(),
            device: "test".into(),
            change,
        })
        .unwrap()
}

/// Ingests `events` as one batch on `account`, through the real ingest path.
pub fn ingest_events(store: &Store, account: AccountId, events: Vec<Inbound>) {
    store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events,
                cursor: None,
            },
        )
        .unwrap();
}
