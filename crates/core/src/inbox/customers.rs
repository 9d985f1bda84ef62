//! One customer across channels through the [`Inbox`]: who a chat's customer is, merging two
//! chats into one customer and undoing it (each a change of the shop's log), and suggestions.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{ConversationId, Customer, MergeHow, MergeSuggestion, ShopChange};

impl Inbox {
    pub async fn customer(&self, conversation: ConversationId) -> Result<Customer> {
        self.blocking(move |s| s.customer(conversation)).await
    }

    /// The owner says two chats are the same person: `other`'s customer joins `conversation`'s.
    pub async fn merge_customers(
        &self,
        conversation: ConversationId,
        other: ConversationId,
        evidence: Option<String>,
    ) -> Result<Customer> {
        if conversation == other {
            return Err(Error::InvalidInput(
                "Choose two different chats to merge.".into(),
            ));
        }
        if self
            .blocking(move |s| s.same_customer(conversation, other))
            .await?
        {
            return self.customer(conversation).await;
        }
        let kept = self.key(conversation).await?;
        let joined = self.key(other).await?;
        self.change(ShopChange::CustomersMerged {
            id: uuid::Uuid::now_v7().to_string(),
            kept,
            joined,
            how: MergeHow::Confirmed,
            evidence: evidence.unwrap_or_else(|| "Merged by hand".into()),
        })
        .await?;
        self.customer(conversation).await
    }

    /// Undoes one merge by its id.
    pub async fn undo_merge(&self, merge: String) -> Result<()> {
        self.change(ShopChange::CustomerMergeUndone { id: merge })
            .await?;
        Ok(())
    }

    /// Separates a chat's identity from every customer it was merged with.
    pub async fn unmerge_customer(&self, conversation: ConversationId) -> Result<Customer> {
        let merges = self
            .blocking(move |s| s.merges_touching(conversation))
            .await?;
        if merges.is_empty() {
            return Err(Error::InvalidInput(
                "This chat is not merged with another: nothing to undo.".into(),
            ));
        }
        for id in merges {
            self.undo_merge(id).await?;
        }
        self.customer(conversation).await
    }

    pub async fn merge_suggestions(&self) -> Result<Vec<MergeSuggestion>> {
        self.blocking(|s| s.merge_suggestions(50)).await
    }

    /// Not the same person: the suggestion is not shown again.
    pub async fn decline_merge(&self, a: ConversationId, b: ConversationId) -> Result<()> {
        self.blocking(move |s| s.decline_merge(a, b)).await
    }
}
