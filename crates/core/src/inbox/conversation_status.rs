//! A conversation's status through the [`Inbox`]: done, open again, snoozed until a time (unless
//! the customer writes, or no matter what), a follow-up reminder; and snoozes that end when their
//! time comes. Each is a change of the shop's log.

use std::time::Duration;

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::{Error, Result};
use crate::model::{ConversationId, ConversationStatus, ShopChange};
use crate::time_fmt::now_ms;

impl Inbox {
    /// The chat needs nothing more (`E`); a new customer message opens it again.
    pub async fn mark_done(&self, conversation: ConversationId) -> Result<()> {
        self.set_status(conversation, ConversationStatus::Done, None, true, false)
            .await
    }

    /// Back to open, from done or snoozed.
    pub async fn reopen(&self, conversation: ConversationId) -> Result<()> {
        self.set_status(conversation, ConversationStatus::Open, None, true, false)
            .await
    }

    /// Out of the list until `until_ms`; `unless_reply`: a customer's message brings it back
    /// sooner.
    pub async fn snooze(
        &self,
        conversation: ConversationId,
        until_ms: i64,
        unless_reply: bool,
    ) -> Result<()> {
        future(until_ms)?;
        self.set_status(
            conversation,
            ConversationStatus::Snoozed,
            Some(until_ms),
            unless_reply,
            false,
        )
        .await
    }

    /// "Remind me if they don't answer": snoozed unless the customer writes; if they do not,
    /// the chat comes back after `after` with a reminder.
    pub async fn follow_up(&self, conversation: ConversationId, after: Duration) -> Result<()> {
        let until = now_ms().saturating_add(i64::try_from(after.as_millis()).unwrap_or(i64::MAX));
        self.set_status(
            conversation,
            ConversationStatus::Snoozed,
            Some(until),
            true,
            true,
        )
        .await
    }

    async fn set_status(
        &self,
        conversation: ConversationId,
        status: ConversationStatus,
        until_ms: Option<i64>,
        unless_reply: bool,
        follow_up: bool,
    ) -> Result<()> {
        let key = self.key(conversation).await?;
        self.change(ShopChange::StatusSet {
            conversation: key,
            status,
            until_ms,
            unless_reply,
            follow_up,
        })
        .await?;
        self.clock_changed();
        Ok(())
    }

    /// Opens the chats whose snooze time has come, and tells the window (and notifications).
    pub async fn end_due_snoozes(&self) -> Result<()> {
        for ended in self.blocking(|s| s.end_due_snoozes()).await? {
            self.publish(CoreEvent::SnoozeEnded {
                conversation_id: ended.conversation_id,
                follow_up: ended.follow_up,
            });
        }
        Ok(())
    }

    /// When the next snooze ends (Unix ms).
    pub(crate) async fn next_snooze_end(&self) -> Result<Option<i64>> {
        self.blocking(|s| s.next_snooze_end()).await
    }
}

fn future(at_ms: i64) -> Result<()> {
    if at_ms <= now_ms() {
        return Err(Error::InvalidInput(
            "Choose a time in the future to snooze the chat until.".into(),
        ));
    }
    Ok(())
}
