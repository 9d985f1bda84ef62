//! [`Inbox`]: the one front door to core for the app and the CLI. It owns the store, the event
//! bus and the sync engine, and runs every SQLite call off the async runtime.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::bus::{AccountState, AccountStatus, CoreEvent, EventBus};
use crate::channel::Connect;
use crate::error::Result;
use crate::inbound::InboundBatch;
use crate::model::{
    AccountId, ChannelKind, ConversationId, ConversationSummary, MessageId, MessageTemplate,
    MessageView, SearchHit,
};
use crate::paths;
use crate::store::{Ingested, Store};
use crate::sync::{Running, SyncLock, STREAM};

/// The demo account talks to the in-process simulator with this well-known, non-secret token,
/// so the demo works even on a machine without a keyring.
pub const DEMO_BOT_TOKEN: &str = "1000000:sportello-demo";

#[derive(Clone)]
pub struct Inbox {
    inner: Arc<Inner>,
}

struct Inner {
    data_dir: PathBuf,
    store: Store,
    bus: EventBus,
    connect: Connect,
    sync: Mutex<Option<Running>>,
    /// The last state each account's sync reported, for a window that opens later.
    states: Mutex<HashMap<AccountId, AccountState>>,
    /// Bumped by the webhook receiver after each saved delivery.
    deliveries: tokio::sync::watch::Sender<u64>,
    /// The last template list each account's platform gave, for when it cannot be reached.
    templates: Mutex<HashMap<AccountId, Vec<MessageTemplate>>>,
}

impl Inbox {
    /// Opens the data dir's cache. `connect` builds channel clients (see `sportello-channels`).
    pub fn open(data_dir: &Path, connect: Connect) -> Result<Inbox> {
        let store = Store::open(&paths::cache_file(data_dir))?;
        Ok(Inbox {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_owned(),
                store,
                bus: EventBus::new(),
                connect,
                sync: Mutex::new(None),
                states: Mutex::default(),
                deliveries: tokio::sync::watch::channel(0).0,
                templates: Mutex::default(),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// How this front builds channel clients.
    pub(crate) fn connector(&self) -> Connect {
        self.inner.connect
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn deliveries_watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.deliveries.subscribe()
    }

    pub(crate) fn remember_templates(&self, account: AccountId, list: Vec<MessageTemplate>) {
        self.inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account, list);
    }

    pub(crate) fn remembered_templates(&self, account: AccountId) -> Option<Vec<MessageTemplate>> {
        self.inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&account)
            .cloned()
    }

    pub(crate) fn delivery_arrived(&self) {
        self.inner
            .deliveries
            .send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Claims the right to sync this data dir (see [`SyncLock`]).
    pub fn lock_sync(&self) -> Result<SyncLock> {
        SyncLock::acquire(&self.inner.data_dir)
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<CoreEvent> {
        self.inner.bus.subscribe()
    }

    pub(crate) fn publish(&self, event: CoreEvent) {
        if let CoreEvent::AccountState { account_id, state } = &event {
            self.inner
                .states
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(*account_id, state.clone());
        }
        self.inner.bus.publish(event);
    }

    /// How each account's sync is doing now (accounts not syncing are absent).
    pub fn account_states(&self) -> Vec<AccountStatus> {
        let states = self.inner.states.lock().unwrap_or_else(|p| p.into_inner());
        let mut list: Vec<_> = states
            .iter()
            .map(|(k, v)| AccountStatus {
                account_id: *k,
                state: v.clone(),
            })
            .collect();
        list.sort_by_key(|s| s.account_id);
        list
    }

    pub(crate) fn sync_slot(&self) -> MutexGuard<'_, Option<Running>> {
        self.inner
            .sync
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs blocking store work on the blocking pool.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || f(&store)).await?
    }

    // ----- reading -----

    pub async fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        self.blocking(move |s| s.conversations(limit)).await
    }

    pub async fn messages(
        &self,
        conversation: ConversationId,
        limit: u32,
        before: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages(conversation, limit, before))
            .await
    }

    pub async fn search(&self, query: String, limit: u32) -> Result<Vec<SearchHit>> {
        self.blocking(move |s| s.search(&query, limit)).await
    }

    pub async fn message(&self, id: MessageId) -> Result<MessageView> {
        self.blocking(move |s| s.message(id)).await
    }

    /// The shop opened the chat. On WhatsApp the customer also gets blue ticks, sent by the
    /// account's sync task (so it works offline too, later).
    pub async fn mark_read(&self, conversation: ConversationId) -> Result<()> {
        let account = self
            .blocking(move |s| {
                s.mark_read(conversation)?;
                s.conversation_account(conversation)
            })
            .await?;
        self.wake(account);
        Ok(())
    }

    /// Messages queued or in flight, for the "N messages waiting" banner.
    pub async fn outbox_len(&self) -> Result<i64> {
        self.blocking(|s| s.outbox_len()).await
    }

    // ----- writing -----

    /// Shows the customer the shop is typing, where the channel can (best effort: errors are
    /// only logged, typing must never get in the way).
    pub async fn typing(&self, conversation: ConversationId) -> Result<()> {
        let (account, remote) = self
            .blocking(move |s| {
                Ok((
                    s.conversation_account(conversation)?,
                    s.conversation_remote_id(conversation)?,
                ))
            })
            .await?;
        let account = self.blocking(move |s| s.account(account)).await?;
        if account.channel != ChannelKind::Messenger {
            return Ok(());
        }
        if let Err(e) = self.connect_account(&account).await?.typing(&remote).await {
            tracing::debug!(code = e.code(), "typing indicator not sent: {e}");
        }
        Ok(())
    }

    /// Queues a reply on the conversation's own channel and shows it at once; the account's
    /// sync task sends it as soon as it can. A text too long for the channel becomes several
    /// messages, in order.
    pub async fn send_text(
        &self,
        conversation: ConversationId,
        text: String,
        reply_to: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        let messages = self
            .blocking(move |s| s.enqueue(conversation, &text, reply_to))
            .await?;
        for message in &messages {
            self.publish(CoreEvent::MessageChanged {
                message: message.clone(),
            });
        }
        if let Some(first) = messages.first() {
            self.wake(first.account_id);
        }
        Ok(messages)
    }

    /// Sends a failed or unknown message again, because the shop owner asked.
    pub async fn retry(&self, message: MessageId) -> Result<MessageView> {
        let view = self.blocking(move |s| s.retry(message)).await?;
        self.publish(CoreEvent::MessageChanged {
            message: view.clone(),
        });
        self.wake(view.account_id);
        Ok(view)
    }

    /// Drops a failed or unknown message from the chat.
    pub async fn discard(&self, message: MessageId) -> Result<()> {
        let conversation_id = self.blocking(move |s| s.discard(message)).await?;
        self.publish(CoreEvent::MessageRemoved {
            conversation_id,
            message_id: message,
        });
        Ok(())
    }

    pub async fn mark_unread(&self, conversation: ConversationId) -> Result<()> {
        self.blocking(move |s| s.mark_unread(conversation)).await
    }

    pub async fn set_muted(&self, conversation: ConversationId, muted: bool) -> Result<()> {
        self.blocking(move |s| s.set_muted(conversation, muted))
            .await
    }

    /// A setting by key (its default when never set).
    pub async fn setting<T>(&self, key: &'static str) -> Result<T>
    where
        T: serde::de::DeserializeOwned + Default + Send + 'static,
    {
        self.blocking(move |s| s.setting(key)).await
    }

    pub async fn set_setting<T>(&self, key: &'static str, value: T) -> Result<()>
    where
        T: serde::Serialize + Send + 'static,
    {
        self.blocking(move |s| s.set_setting(key, &value)).await
    }

    pub async fn notification_settings(&self) -> Result<crate::notify::NotificationSettings> {
        self.blocking(|s| s.setting("notifications")).await
    }

    pub async fn set_notification_settings(
        &self,
        settings: crate::notify::NotificationSettings,
    ) -> Result<()> {
        self.blocking(move |s| s.set_setting("notifications", &settings))
            .await
    }

    /// The customer messages among `ids`, for deciding on a notification.
    pub async fn new_messages(
        &self,
        ids: Vec<MessageId>,
    ) -> Result<Vec<crate::notify::NewMessage>> {
        self.blocking(move |s| s.new_messages(&ids)).await
    }

    /// Unread messages over every chat that is not archived (the tray's count).
    pub async fn unread_total(&self) -> Result<i64> {
        self.blocking(|s| s.unread_total()).await
    }

    pub async fn set_pinned(&self, conversation: ConversationId, pinned: bool) -> Result<()> {
        self.blocking(move |s| s.set_pinned(conversation, pinned))
            .await
    }

    pub async fn set_archived(&self, conversation: ConversationId, archived: bool) -> Result<()> {
        self.blocking(move |s| s.set_archived(conversation, archived))
            .await
    }

    pub async fn set_draft(&self, conversation: ConversationId, text: String) -> Result<()> {
        self.blocking(move |s| s.set_draft(conversation, &text))
            .await
    }

    pub async fn messages_after(
        &self,
        conversation: ConversationId,
        after: MessageId,
        limit: u32,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages_after(conversation, after, limit))
            .await
    }

    /// The contact panel: the customer's ids on their channel and the chat's latest media.
    pub async fn contact_card(
        &self,
        conversation: ConversationId,
        media_limit: u32,
    ) -> Result<crate::model::ContactCard> {
        self.blocking(move |s| s.contact_card(conversation, media_limit))
            .await
    }

    pub async fn first_unread(&self, conversation: ConversationId) -> Result<Option<MessageId>> {
        self.blocking(move |s| s.first_unread(conversation)).await
    }

    pub async fn messages_around(
        &self,
        anchor: MessageId,
        each_side: u32,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages_around(anchor, each_side))
            .await
    }

    pub(crate) async fn ingest(&self, account: AccountId, batch: InboundBatch) -> Result<Ingested> {
        let ingested = self
            .blocking(move |s| s.ingest(account, STREAM, &batch))
            .await?;
        for id in &ingested.changed {
            let id = *id;
            if let Ok(message) = self.blocking(move |s| s.message(id)).await {
                self.publish(CoreEvent::MessageChanged { message });
            }
        }
        if ingested.connections_changed {
            self.publish(CoreEvent::AccountsChanged);
        }
        if !ingested.backfilled.is_empty() || ingested.names_changed {
            self.publish(CoreEvent::ConversationsChanged {
                account_id: account,
            });
        }
        if !ingested.messages.is_empty() {
            let mut conversations: Vec<_> = ingested.messages.iter().map(|(c, _)| *c).collect();
            conversations.sort_unstable();
            conversations.dedup();
            self.publish(CoreEvent::MessagesAdded {
                account_id: account,
                conversations,
                messages: ingested.messages.iter().map(|(_, m)| *m).collect(),
            });
        }
        Ok(ingested)
    }
}
