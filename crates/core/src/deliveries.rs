//! The meeting point of the webhook receiver and the channels that read what it received.
//! The receiver saves each verified delivery and rings [`DeliveryQueue`]; an account's channel
//! waits on it in `receive`, like a long poll on a local mailbox.

use std::time::Duration;

use tokio::sync::watch;

use crate::error::Result;
use crate::model::AccountId;
use crate::store::{RawDelivery, Store};

/// At most this many deliveries are processed in one batch (one transaction).
const BATCH: u32 = 100;

/// One account's view of the receiver's durable inbox.
#[derive(Clone)]
pub struct DeliveryQueue {
    store: Store,
    account: AccountId,
    arrived: watch::Receiver<u64>,
}

impl std::fmt::Debug for DeliveryQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryQueue")
            .field("account", &self.account)
            .finish()
    }
}

impl DeliveryQueue {
    /// `arrived` is bumped after each saved delivery (for any account).
    pub(crate) fn new(store: Store, account: AccountId, arrived: watch::Receiver<u64>) -> Self {
        DeliveryQueue {
            store,
            account,
            arrived,
        }
    }

    /// Deliveries after `cursor` (a delivery id), waiting up to `wait` for one to arrive.
    pub async fn after(&self, cursor: Option<&str>, wait: Duration) -> Result<Vec<RawDelivery>> {
        let after = cursor.and_then(|c| c.parse::<i64>().ok()).unwrap_or(0);
        let mut arrived = self.arrived.clone();
        arrived.mark_unchanged();
        let found = self.read(after).await?;
        if !found.is_empty() || wait.is_zero() {
            return Ok(found);
        }
        // Woken by any new delivery; one for another account just means an empty answer.
        let _ = tokio::time::timeout(wait, arrived.changed()).await;
        self.read(after).await
    }

    async fn read(&self, after: i64) -> Result<Vec<RawDelivery>> {
        let (store, account) = (self.store.clone(), self.account);
        tokio::task::spawn_blocking(move || store.deliveries_after(account, after, BATCH)).await?
    }
}
