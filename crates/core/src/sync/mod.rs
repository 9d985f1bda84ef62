//! The sync engine: a task per account while the app (or `sportello-cli sync`) runs, and a
//! one-shot pass for `sync --once`. Both hold the data dir's [`SyncLock`].

mod account_task;
mod lock;
mod receipts;
mod sender;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use lock::SyncLock;
pub use sender::SendPass;

use crate::bus::{AccountState, CoreEvent};
use crate::error::Result;
use crate::inbox::Inbox;
use crate::model::{Account, AccountId, SyncReport};

/// The one receive stream per account whose cursor is kept (channels with more streams add more).
pub(crate) const STREAM: &str = "inbound";

/// The sync engine while it runs.
pub(crate) struct Running {
    _lock: SyncLock,
    workers: HashMap<AccountId, Worker>,
}

struct Worker {
    wake: Arc<Notify>,
    /// The keyring may hold the account's secrets now: a task stopped on them tries again.
    credentials: Arc<Notify>,
    cancel: CancellationToken,
    join: JoinHandle<()>,
}

/// What a one-shot sync did for one account.
#[derive(Debug)]
pub struct AccountSync {
    pub account: Account,
    pub result: Result<SyncReport>,
}

impl Inbox {
    /// Starts one sync task per account. Messages left mid-send by an earlier crash are first
    /// marked unknown, so nothing is resent behind the shop owner's back.
    pub async fn start_sync(&self, lock: SyncLock) -> Result<()> {
        let interrupted = self.blocking(|s| s.outbox_recover_interrupted()).await?;
        // Raw webhook deliveries are kept a week after processing, then dropped.
        let pruned = self
            .blocking(|s| s.prune_deliveries(7 * 24 * 3600 * 1000))
            .await?;
        if pruned > 0 {
            tracing::info!(pruned, "old webhook deliveries removed");
        }
        for id in interrupted {
            if let Ok(message) = self.blocking(move |s| s.message(id)).await {
                self.publish(CoreEvent::MessageChanged { message });
            }
        }
        let accounts = self.accounts().await?;
        let mut running = Running {
            _lock: lock,
            workers: HashMap::new(),
        };
        for account in accounts {
            running
                .workers
                .insert(account.id, self.spawn_worker(account));
        }
        *self.sync_slot() = Some(running);
        Ok(())
    }

    /// Stops every sync task; a send in progress finishes first, so its fate is recorded.
    pub async fn stop_sync(&self) {
        let running = self.sync_slot().take();
        if let Some(running) = running {
            for worker in running.workers.into_values() {
                stop(worker).await;
            }
        }
    }

    pub(crate) fn sync_started_for(&self, account: Account) {
        let mut slot = self.sync_slot();
        if let Some(running) = slot.as_mut() {
            let id = account.id;
            let worker = self.spawn_worker(account);
            running.workers.insert(id, worker);
        }
    }

    pub(crate) async fn sync_stopped_for(&self, account: AccountId) {
        let worker = self
            .sync_slot()
            .as_mut()
            .and_then(|r| r.workers.remove(&account));
        if let Some(worker) = worker {
            stop(worker).await;
        }
    }

    /// Tells an account's task there is something to send now.
    pub(crate) fn wake(&self, account: AccountId) {
        self.signal(account, |w| w.wake.notify_one());
    }

    /// Tells an account's task that stopped on its secrets to read them again now: the keyring
    /// answers again. (A plain wake does not: each chat opened would ask a locked keyring, and
    /// the desktop would offer to unlock it each time.)
    pub(crate) fn retry_credentials(&self, account: AccountId) {
        self.signal(account, |w| {
            w.credentials.notify_one();
            w.wake.notify_one();
        });
    }

    /// Runs `f` on the account's task, if sync runs it.
    fn signal(&self, account: AccountId, f: impl FnOnce(&Worker)) {
        if let Some(worker) = self
            .sync_slot()
            .as_ref()
            .and_then(|r| r.workers.get(&account))
        {
            f(worker);
        }
    }

    fn spawn_worker(&self, account: Account) -> Worker {
        let wake = Arc::new(Notify::new());
        let credentials = Arc::new(Notify::new());
        let cancel = CancellationToken::new();
        let join = tokio::spawn(account_task::run(
            self.clone(),
            account,
            account_task::Signals {
                wake: wake.clone(),
                credentials: credentials.clone(),
            },
            cancel.clone(),
        ));
        Worker {
            wake,
            credentials,
            cancel,
            join,
        }
    }

    /// Fetches everything pending for every account, then sends the outbox. The lock proves
    /// no other process is syncing this data dir.
    pub async fn sync_once(&self, _lock: &SyncLock) -> Result<Vec<AccountSync>> {
        self.blocking(|s| s.outbox_recover_interrupted()).await?;
        let mut out = Vec::new();
        for account in self.accounts().await? {
            let result = self.sync_account_once(&account).await;
            let state = match &result {
                Ok(_) => AccountState::Idle,
                Err(e) => AccountState::Offline {
                    reason: e.to_string(),
                },
            };
            self.publish(CoreEvent::AccountState {
                account_id: account.id,
                state,
            });
            out.push(AccountSync { account, result });
        }
        Ok(out)
    }

    async fn sync_account_once(&self, account: &Account) -> Result<SyncReport> {
        let channel = self.connect_account(account).await?;
        let id = account.id;
        let mut cursor = self.blocking(move |s| s.cursor(id, STREAM)).await?;
        let mut report = SyncReport::default();
        loop {
            let batch = channel.receive(cursor.as_deref(), Duration::ZERO).await?;
            let next = batch.cursor.clone().or_else(|| cursor.clone());
            if batch.events.is_empty() && next == cursor {
                break;
            }
            report.received += batch.events.len() as u64;
            let ingested = self.ingest(id, batch).await?;
            let stored = (ingested.messages.len() + ingested.backfilled.len()) as u64;
            report.stored += stored;
            // A channel that returns events without moving its cursor would loop forever here.
            if next == cursor && stored == 0 {
                break;
            }
            cursor = next;
        }
        receipts::send_read_receipts(self, id, channel.as_ref()).await;
        if account.channel.prefetches_media() {
            self.prefetch_media(id, channel.as_ref()).await;
        }
        let pass = self.flush_outbox_with(id, channel.as_ref()).await?;
        report.sent = pass.sent;
        report.failed = pass.failed;
        match pass.stopped_by {
            Some(e) => Err(e.into()),
            None => Ok(report),
        }
    }

    /// Sends what one account has queued, now (used by `sportello-cli send`).
    pub async fn flush_outbox(&self, _lock: &SyncLock, account: AccountId) -> Result<SendPass> {
        let account = self.blocking(move |s| s.account(account)).await?;
        let channel = self.connect_account(&account).await?;
        self.flush_outbox_with(account.id, channel.as_ref()).await
    }

    async fn flush_outbox_with(
        &self,
        account: AccountId,
        channel: &dyn crate::channel::Channel,
    ) -> Result<SendPass> {
        sender::send_due(self, account, channel).await
    }
}

async fn stop(worker: Worker) {
    worker.cancel.cancel();
    worker.wake.notify_one();
    if let Err(e) = worker.join.await {
        tracing::error!("sync task ended badly: {e}");
    }
}
