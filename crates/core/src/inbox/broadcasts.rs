//! Broadcasts through the [`Inbox`]: compose, pre-flight, send (queue into the outbox and wake
//! the accounts that send), and the report.

use std::collections::BTreeSet;

use super::handle::Inbox;
use crate::error::Result;
use crate::model::{AccountId, Audience, Broadcast, BroadcastReport, Preflight, TemplateChoice};
use crate::store::broadcasts::NewBroadcast;
use crate::time_fmt::now_ms;

impl Inbox {
    pub async fn create_broadcast(
        &self,
        topic: String,
        audience: Audience,
        text: String,
        template: Option<TemplateChoice>,
    ) -> Result<Broadcast> {
        self.blocking(move |s| {
            s.create_broadcast(
                &NewBroadcast {
                    topic: &topic,
                    audience: &audience,
                    text: &text,
                    template: template.as_ref(),
                },
                now_ms(),
            )
        })
        .await
    }

    pub async fn broadcasts(&self) -> Result<Vec<Broadcast>> {
        self.blocking(|s| s.broadcasts()).await
    }

    pub async fn preflight(&self, id: i64) -> Result<Preflight> {
        self.blocking(move |s| s.preflight(id, now_ms())).await
    }

    /// Queues the broadcast (once, whatever happens) and wakes the accounts that send it.
    pub async fn send_broadcast(&self, id: i64) -> Result<Preflight> {
        let queued = self
            .blocking(move |s| s.queue_broadcast(id, now_ms()))
            .await?;
        let accounts = self.broadcast_accounts(queued.broadcast.id).await?;
        for account in accounts {
            self.wake(account);
        }
        self.preflight(id).await
    }

    /// The accounts a queued broadcast sends through.
    pub async fn broadcast_accounts(&self, id: i64) -> Result<Vec<AccountId>> {
        let report = self.broadcast_report(id).await?;
        let accounts: BTreeSet<AccountId> = self
            .blocking(move |s| {
                report
                    .recipients
                    .iter()
                    .map(|r| s.conversation_account(r.conversation_id))
                    .collect::<Result<Vec<_>>>()
            })
            .await?
            .into_iter()
            .collect();
        Ok(accounts.into_iter().collect())
    }

    pub async fn broadcast_report(&self, id: i64) -> Result<BroadcastReport> {
        self.blocking(move |s| s.broadcast_report(id)).await
    }
}
