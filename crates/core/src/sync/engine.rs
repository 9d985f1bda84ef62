//! The sync engine while the app (or `sportello-cli sync`) runs: one task per account, started
//! and stopped with the accounts, and the signals that wake a task early.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::lock::SyncLock;
use super::{account_task, clock};
use crate::bus::{AccountState, CoreEvent};
use crate::error::{ErrorCode, Result};
use crate::inbox::Inbox;
use crate::model::{Account, AccountId};

/// The sync engine while it runs.
pub(crate) struct Running {
    _lock: SyncLock,
    workers: HashMap<AccountId, Worker>,
    /// The shop's clock (snoozes coming back).
    clock: (CancellationToken, JoinHandle<()>),
}

struct Worker {
    wake: Arc<Notify>,
    /// The keyring may hold the account's secrets now: a task stopped on them tries again.
    credentials: Arc<Notify>,
    cancel: CancellationToken,
    join: JoinHandle<()>,
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
        let cancel_clock = CancellationToken::new();
        let clock = tokio::spawn(clock::run(self.clone(), cancel_clock.clone()));
        // The daily check and backup, from a few minutes after start (not while the first
        // screen and the catch-up want the disk).
        let (inbox, cancel) = (self.clone(), cancel_clock.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = cancel.cancelled() => {}
                _ = async {
                    tokio::time::sleep(DAILY_CARE_DELAY).await;
                    inbox.daily_care().await;
                } => {}
            }
        });
        let mut running = Running {
            _lock: lock,
            workers: HashMap::new(),
            clock: (cancel_clock, clock),
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
            let (cancel, clock) = running.clock;
            cancel.cancel();
            let _ = clock.await;
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
        let join = tokio::spawn(supervise(
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
}

/// Runs an account's task, and runs it again if it ends by a bug (a panic) rather than by being
/// stopped: one bad platform payload must never end an account's syncing silently. Meanwhile
/// the account shows the problem, and the restarts back off up to five minutes.
async fn supervise(
    inbox: Inbox,
    account: Account,
    signals: account_task::Signals,
    cancel: CancellationToken,
) {
    let mut wait = Duration::from_secs(1);
    loop {
        let task = tokio::spawn(account_task::run(
            inbox.clone(),
            account.clone(),
            account_task::Signals {
                wake: signals.wake.clone(),
                credentials: signals.credentials.clone(),
            },
            cancel.clone(),
        ));
        let ended = task.await;
        if cancel.is_cancelled() {
            return;
        }
        let reason = match ended {
            Err(e) if e.is_panic() => {
                let what = e.into_panic();
                let said = what
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| what.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(account = account.id, "sync task failed: {said}; restarting");
                format!("Sportello met something it could not read from this account and is trying again ({said}).")
            }
            // Ended on its own (it gave up on the account): nothing to restart.
            _ => return,
        };
        inbox.publish(CoreEvent::AccountState {
            account_id: account.id,
            state: AccountState::Offline {
                code: ErrorCode::Internal,
                reason,
            },
        });
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep(wait) => {}
        }
        wait = (wait * 2).min(MAX_RESTART_WAIT);
    }
}

/// When the daily check and backup first run after sync starts.
const DAILY_CARE_DELAY: Duration = Duration::from_secs(300);

/// The longest pause between two restarts of a failing account task.
const MAX_RESTART_WAIT: Duration = Duration::from_secs(300);

async fn stop(worker: Worker) {
    worker.cancel.cancel();
    worker.wake.notify_one();
    if let Err(e) = worker.join.await {
        tracing::error!("sync task ended badly: {e}");
    }
}
