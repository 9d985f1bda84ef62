//! What the shop owner does to a chat as a whole through the [`Inbox`]: reading it and marking
//! it unread (changes of the shop's log), pinning, archiving, muting, and keeping the draft.

use super::handle::Inbox;
use crate::error::Result;
use crate::model::{ConversationId, ShopChange};

impl Inbox {
    /// The shop opened the chat. On WhatsApp the customer also gets blue ticks, sent by the
    /// account's sync task (so it works offline too, later).
    pub async fn mark_read(&self, conversation: ConversationId) -> Result<()> {
        let key = self.key(conversation).await?;
        self.change(ShopChange::Read { conversation: key }).await?;
        let account = self
            .blocking(move |s| s.conversation_account(conversation))
            .await?;
        self.wake(account);
        Ok(())
    }

    /// The badge comes back, as a reminder to read it again.
    pub async fn mark_unread(&self, conversation: ConversationId) -> Result<()> {
        let key = self.key(conversation).await?;
        self.change(ShopChange::MarkedUnread { conversation: key })
            .await?;
        Ok(())
    }

    pub async fn set_muted(&self, conversation: ConversationId, muted: bool) -> Result<()> {
        self.blocking(move |s| s.set_muted(conversation, muted))
            .await
    }

    pub async fn set_pinned(&self, conversation: ConversationId, pinned: bool) -> Result<()> {
        self.blocking(move |s| s.set_pinned(conversation, pinned))
            .await
    }

    pub async fn set_archived(&self, conversation: ConversationId, archived: bool) -> Result<()> {
        self.blocking(move |s| s.set_archived(conversation, archived))
            .await
    }

    pub async fn set_draft(&self, conversation: ConversationId, text: String) -> Result<()> {
        self.blocking(move |s| s.set_draft(conversation, &text))
            .await
    }
}
