//! Storing what a channel received, through the [`Inbox`]: one transaction per batch with its
//! cursor, then one event per kind of change for the window and notifications.

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::Result;
use crate::inbound::InboundBatch;
use crate::model::AccountId;
use crate::store::{Ingested, INBOUND_STREAM};

impl Inbox {
    pub(crate) async fn ingest(&self, account: AccountId, batch: InboundBatch) -> Result<Ingested> {
        let ingested = self
            .blocking(move |s| s.ingest(account, INBOUND_STREAM, &batch))
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
            // Automatic answers decided with them appear in the chat at once (queued).
            let added = ingested.messages.iter().chain(&ingested.automated);
            let mut conversations: Vec<_> = added.clone().map(|(c, _)| *c).collect();
            conversations.sort_unstable();
            conversations.dedup();
            self.publish(CoreEvent::MessagesAdded {
                account_id: account,
                conversations,
                messages: added.map(|(_, m)| *m).collect(),
            });
        }
        Ok(ingested)
    }
}
