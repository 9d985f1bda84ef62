//! Reading the shop's history through the [`Inbox`]: the chat list, a chat's messages around a
//! point, search, the contact panel, and the counts the window and tray show. Only SQLite is on
//! this path, never the network.

use super::handle::Inbox;
use crate::error::Result;
use crate::model::{
    ChatFilter, ContactCard, ConversationId, ConversationSummary, MessageId, MessageView, NoteHit,
    SearchHit,
};
use crate::notify::NewMessage;

impl Inbox {
    pub async fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        self.blocking(move |s| s.conversations(limit)).await
    }

    pub async fn messages(
        &self,
        conversation: ConversationId,
        limit: u32,
        before: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages(conversation, limit, before))
            .await
    }

    /// The chats `filter` picks (see [`ChatFilter`]).
    pub async fn conversations_where(
        &self,
        filter: ChatFilter,
        limit: u32,
    ) -> Result<Vec<ConversationSummary>> {
        self.blocking(move |s| s.conversations_where(&filter, limit))
            .await
    }

    /// How many chats each view of the list holds (its filter chips).
    pub async fn chat_counts(&self) -> Result<crate::model::ChatCounts> {
        self.blocking(|s| s.chat_counts()).await
    }

    /// One row of the chat list.
    pub async fn conversation(&self, id: ConversationId) -> Result<ConversationSummary> {
        self.blocking(move |s| s.conversation(id)).await
    }

    /// Notes about customers matching `query` (the search box finds them too).
    pub async fn search_notes(&self, query: String, limit: u32) -> Result<Vec<NoteHit>> {
        self.blocking(move |s| s.search_notes(&query, limit)).await
    }

    pub async fn search(&self, query: String, limit: u32) -> Result<Vec<SearchHit>> {
        self.blocking(move |s| s.search(&query, limit)).await
    }

    pub async fn message(&self, id: MessageId) -> Result<MessageView> {
        self.blocking(move |s| s.message(id)).await
    }

    pub async fn messages_after(
        &self,
        conversation: ConversationId,
        after: MessageId,
        limit: u32,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages_after(conversation, after, limit))
            .await
    }

    pub async fn messages_around(
        &self,
        anchor: MessageId,
        each_side: u32,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages_around(anchor, each_side))
            .await
    }

    pub async fn first_unread(&self, conversation: ConversationId) -> Result<Option<MessageId>> {
        self.blocking(move |s| s.first_unread(conversation)).await
    }

    /// The contact panel: the customer's ids on their channel and the chat's latest media.
    pub async fn contact_card(
        &self,
        conversation: ConversationId,
        media_limit: u32,
    ) -> Result<ContactCard> {
        self.blocking(move |s| s.contact_card(conversation, media_limit))
            .await
    }

    /// Messages queued or in flight, for the "N messages waiting" banner.
    pub async fn outbox_len(&self) -> Result<i64> {
        self.blocking(|s| s.outbox_len()).await
    }

    /// Unread messages over every chat that is not archived (the tray's count).
    pub async fn unread_total(&self) -> Result<i64> {
        self.blocking(|s| s.unread_total()).await
    }

    /// The customer messages among `ids`, for deciding on a notification.
    pub async fn new_messages(&self, ids: Vec<MessageId>) -> Result<Vec<NewMessage>> {
        self.blocking(move |s| s.new_messages(&ids)).await
    }
}
