//! [`Inbox`] itself: what it owns (the store, the event bus, the sync engine's slot, the
//! states the window asks for later) and the plumbing every area of `inbox/` uses, such as
//! running SQLite calls off the async runtime and publishing events.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::bus::{AccountState, AccountStatus, CoreEvent, EventBus};
use crate::channel::Connect;
use crate::error::Result;
use crate::model::{AccountId, MessageTemplate};
use crate::paths;
use crate::store::Store;
use crate::sync::{Running, SyncLock};

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
    /// Rung when a snooze is set or changed: the shop's clock looks again at what is due.
    clock: Arc<tokio::sync::Notify>,
}

impl Inbox {
    /// Opens the data dir's cache. `connect` builds channel clients (see `sportello-channels`).
    pub fn open(data_dir: &Path, connect: Connect) -> Result<Inbox> {
        paths::create_private_dir(data_dir)?;
        // An empty or vanished cache is damage to say, not a first start to begin afresh
        // (the accounts would be gone and their keyring entries orphaned).
        if let Some(damage) = crate::store::backup::suddenly_gone(data_dir) {
            return Err(damage);
        }
        let cache = paths::cache_file(data_dir);
        let store = Store::open(&cache)?;
        // The cache, its journal and every file kept here are this user's only, including
        // what an earlier version left readable by everyone.
        paths::make_data_private(data_dir);
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
                clock: Arc::default(),
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

    /// What wakes the shop's clock (sync/clock.rs) when a snooze changes.
    pub(crate) fn clock_signal(&self) -> Arc<tokio::sync::Notify> {
        self.inner.clock.clone()
    }

    pub(crate) fn clock_changed(&self) {
        self.inner.clock.notify_one();
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
}
