//! The webhook receiver's side of the [`Inbox`]: which accounts it serves, and saving each
//! verified delivery durably before the platform gets its answer.

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::deliveries::DeliveryQueue;
use crate::error::Result;
use crate::model::AccountId;
use crate::store::WebhookAccount;

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
            self.publish(CoreEvent::AccountsChanged);
        }
        Ok(id)
    }

    pub(crate) fn delivery_queue(&self, account: AccountId) -> DeliveryQueue {
        DeliveryQueue::new(self.store().clone(), account, self.deliveries_watch())
    }
}
