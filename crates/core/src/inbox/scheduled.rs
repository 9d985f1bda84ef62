//! Replies sent later through the [`Inbox`]: queued for a time, shown in the chat as scheduled,
//! changed or cancelled until then, and sent by the account's task at that time, once. Whether
//! the platform still allows the reply is checked when it is due (sync/sender.rs).

use serde::Serialize;
use ts_rs::TS;

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::Result;
use crate::model::{ConversationId, MessageId, MessageView, ReplyWindow};
use crate::time_fmt::parse_rfc3339_ms;

/// A message queued for later, and whether the chat's reply window will be closed by then.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Scheduled {
    pub message: MessageView,
    /// As things stand the platform will not take this reply at its time (the customer would
    /// have to write again first); it is then held, never sent against the rules.
    pub window_closed_by_then: bool,
}

impl Inbox {
    /// Queues `text` to go out at `at_ms`.
    pub async fn schedule(
        &self,
        conversation: ConversationId,
        text: String,
        at_ms: i64,
    ) -> Result<Scheduled> {
        let message = self
            .blocking(move |s| s.schedule(conversation, &text, at_ms))
            .await?;
        self.scheduled_changed(message).await
    }

    /// A scheduled message's new text and time.
    pub async fn reschedule(
        &self,
        message: MessageId,
        text: String,
        at_ms: i64,
    ) -> Result<Scheduled> {
        let message = self
            .blocking(move |s| s.reschedule(message, &text, at_ms))
            .await?;
        self.scheduled_changed(message).await
    }

    /// Every message waiting to be sent later, soonest first.
    pub async fn scheduled(&self) -> Result<Vec<MessageView>> {
        self.blocking(|s| s.scheduled_messages()).await
    }

    /// Everything still waiting in the outbox and what for (a time, the platform's wait).
    pub async fn outbox_waiting(&self) -> Result<Vec<crate::store::Waiting>> {
        self.blocking(|s| s.outbox_waiting()).await
    }

    /// Cancels a message waiting to be sent later (it leaves the chat).
    pub async fn cancel_scheduled(&self, message: MessageId) -> Result<()> {
        let conversation_id = self.blocking(move |s| s.cancel_scheduled(message)).await?;
        self.publish(CoreEvent::MessageRemoved {
            conversation_id,
            message_id: message,
        });
        Ok(())
    }

    async fn scheduled_changed(&self, message: MessageView) -> Result<Scheduled> {
        let at = message
            .scheduled_at
            .as_deref()
            .and_then(parse_rfc3339_ms)
            .unwrap_or(0);
        let conversation = message.conversation_id;
        let window = self
            .blocking(move |s| s.conversation(conversation))
            .await?
            .reply_window;
        let window_closed_by_then = match window {
            ReplyWindow::Open => false,
            ReplyWindow::ClosesAt { at: closes } => {
                parse_rfc3339_ms(&closes).is_some_and(|closes| closes <= at)
            }
            ReplyWindow::Closed { .. } => true,
        };
        self.publish(CoreEvent::MessageChanged {
            message: message.clone(),
        });
        self.wake(message.account_id);
        Ok(Scheduled {
            message,
            window_closed_by_then,
        })
    }
}
