//! A one-shot pass (`sportello-cli sync --once`, `send`): fetch everything pending for every
//! account, then send its outbox, holding the data dir's [`SyncLock`] meanwhile.

use std::time::Duration;

use super::lock::SyncLock;
use super::receipts;
use super::sender::{self, SendPass};
use crate::bus::{AccountState, CoreEvent};
use crate::error::Result;
use crate::inbox::Inbox;
use crate::model::{Account, AccountId, SyncReport};
use crate::store::INBOUND_STREAM;

/// What a one-shot sync did for one account.
#[derive(Debug)]
pub struct AccountSync {
    pub account: Account,
    pub result: Result<SyncReport>,
}

impl Inbox {
    /// no other process is syncing this data dir.
    pub async fn sync_once(&self, _lock: &SyncLock) -> Result<Vec<AccountSync>> {
        self.blocking(|s| s.outbox_recover_interrupted()).await?;
        self.end_due_snoozes().await?;
        let mut out = Vec::new();
        for account in self.accounts().await? {
            // In a task of its own: a bug met in one account's data (a panic) is that
            // account's error, and the others are still synced.
            let (inbox, one) = (self.clone(), account.clone());
            let result =
                match tokio::spawn(async move { inbox.sync_account_once(&one).await }).await {
                    Ok(result) => result,
                    Err(e) => Err(crate::error::Error::Internal(format!(
                        "syncing this account stopped on something it could not read: {e}"
                    ))),
                };
            let state = match &result {
                Ok(_) => AccountState::Idle,
                Err(e) => AccountState::Offline {
                    code: e.code(),
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
        let mut cursor = self.blocking(move |s| s.cursor(id, INBOUND_STREAM)).await?;
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
    /// Before sending alone (without a full sync): messages a killed run left in flight are of
    /// unknown fate, never resent on their own.
    pub async fn recover_interrupted(&self, _lock: &SyncLock) -> Result<usize> {
        Ok(self
            .blocking(|s| s.outbox_recover_interrupted())
            .await?
            .len())
    }

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
