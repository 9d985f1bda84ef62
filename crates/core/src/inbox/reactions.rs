//! The shop reacting to a customer's message. Unlike replies, a reaction is not queued: it is
//! sent at once, and kept only if the platform took it, so nothing shows that did not happen.

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::{Error, Result};
use crate::inbound::{Inbound, InboundBatch, Reaction};
use crate::model::{MessageId, MessageView};
use crate::time_fmt::now_ms;

impl Inbox {
    /// Reacts to a message with `emoji`; an empty emoji takes the shop's reaction back.
    pub async fn react(&self, message: MessageId, emoji: String) -> Result<MessageView> {
        let view = self.blocking(move |s| s.message(message)).await?;
        let Some(remote_id) = view.remote_id.clone() else {
            return Err(Error::InvalidInput(
                "This message has not reached the platform yet, so it cannot get a reaction."
                    .into(),
            ));
        };
        if emoji.chars().count() > 16 {
            return Err(Error::InvalidInput("A reaction is a single emoji.".into()));
        }
        let conversation = view.conversation_id;
        let conversation_remote_id = self
            .blocking(move |s| s.conversation_remote_id(conversation))
            .await?;
        let account = self.blocking(move |s| s.account(view.account_id)).await?;
        self.connect_account(&account)
            .await?
            .react(&conversation_remote_id, &remote_id, &emoji)
            .await?;
        let batch = InboundBatch {
            events: vec![Inbound::Reaction(Reaction {
                message_remote_id: remote_id,
                reactor: None,
                emoji,
                at_ms: now_ms(),
            })],
            cursor: None,
        };
        self.blocking(move |s| s.ingest(account.id, "reactions", &batch))
            .await?;
        let updated = self.blocking(move |s| s.message(message)).await?;
        self.publish(CoreEvent::MessageChanged {
            message: updated.clone(),
        });
        Ok(updated)
    }
}
