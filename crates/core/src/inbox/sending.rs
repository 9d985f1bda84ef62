//! Replies through the [`Inbox`]: queueing text in the outbox (shown at once, sent by the
//! account's task), retrying or discarding what did not go, and the typing indicator.

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::Result;
use crate::model::{ChannelKind, ConversationId, MessageId, MessageView};

impl Inbox {
    /// Shows the customer the shop is typing, where the channel can (best effort: errors are
    /// only logged, typing must never get in the way).
    pub async fn typing(&self, conversation: ConversationId) -> Result<()> {
        let (account, remote) = self
            .blocking(move |s| {
                Ok((
                    s.conversation_account(conversation)?,
                    s.conversation_remote_id(conversation)?,
                ))
            })
            .await?;
        let account = self.blocking(move |s| s.account(account)).await?;
        if account.channel != ChannelKind::Messenger {
            return Ok(());
        }
        if let Err(e) = self.connect_account(&account).await?.typing(&remote).await {
            tracing::debug!(code = %e.code(), "typing indicator not sent: {e}");
        }
        Ok(())
    }

    /// Queues a reply on the conversation's own channel and shows it at once; the account's
    /// sync task sends it as soon as it can. A text too long for the channel becomes several
    /// messages, in order.
    pub async fn send_text(
        &self,
        conversation: ConversationId,
        text: String,
        reply_to: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        let messages = self
            .blocking(move |s| s.enqueue(conversation, &text, reply_to))
            .await?;
        for message in &messages {
            self.publish(CoreEvent::MessageChanged {
                message: message.clone(),
            });
        }
        if let Some(first) = messages.first() {
            self.wake(first.account_id);
        }
        Ok(messages)
    }

    /// Sends a failed or unknown message again, because the shop owner asked.
    pub async fn retry(&self, message: MessageId) -> Result<MessageView> {
        let view = self.blocking(move |s| s.retry(message)).await?;
        self.publish(CoreEvent::MessageChanged {
            message: view.clone(),
        });
        self.wake(view.account_id);
        Ok(view)
    }

    /// Drops a failed or unknown message from the chat.
    pub async fn discard(&self, message: MessageId) -> Result<()> {
        let conversation_id = self.blocking(move |s| s.discard(message)).await?;
        self.publish(CoreEvent::MessageRemoved {
            conversation_id,
            message_id: message,
        });
        Ok(())
    }
}
