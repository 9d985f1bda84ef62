//! The meeting point of the webhook receiver and the channels that read what it received.
//! The receiver saves each verified delivery and rings [`DeliveryQueue`]; an account's channel
//! waits on it in `receive`, like a long poll on a local mailbox.

use std::time::Duration;

use tokio::sync::watch;

use crate::error::Result;
use crate::inbox::Inbox;
use crate::model::AccountId;
use crate::store::{RawDelivery, Store, WebhookAccount};

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

impl Inbox {
    /// Accounts whose messages arrive by webhook, for the receiver to route and verify.
    pub async fn webhook_accounts(&self) -> Result<Vec<WebhookAccount>> {
        self.blocking(|s| s.webhook_accounts()).await
    }

    /// Saves a verified delivery for `accounts` (durably), then wakes their sync tasks. The
    /// first one for an account tells the window the webhook works.
    pub async fn save_delivery(&self, body: Vec<u8>, accounts: Vec<AccountId>) -> Result<i64> {
        let (id, first) = self
            .blocking(move |s| s.save_delivery(&body, &accounts))
            .await?;
        self.delivery_arrived();
        if first {
            self.publish(crate::bus::CoreEvent::AccountsChanged);
        }
        Ok(id)
    }

    pub(crate) fn delivery_queue(&self, account: AccountId) -> DeliveryQueue {
        DeliveryQueue {
            store: self.store().clone(),
            account,
            arrived: self.deliveries_watch(),
        }
    }
}
