//! The consent ledger through the [`Inbox`]: recording a consent (a paper form at the counter,
//! a yes in the chat) and withdrawing it by hand, each a change of the shop's log; the ledger
//! and its CSV for an inspector.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{Consent, ConsentBasis, ConversationId, ShopChange};
use crate::store::consents::topic_name;
use crate::time_fmt::now_ms;

/// A consent as the owner records it.
#[derive(Debug, Clone)]
pub struct ConsentDraft {
    pub conversation: ConversationId,
    pub topic: String,
    pub basis: ConsentBasis,
    /// How it was given: "paper form at the counter", "chat", "poster:vetrina-natale".
    pub source: String,
    /// The exact words the customer agreed to.
    pub wording: String,
    pub wording_version: Option<String>,
    /// The platform id of the customer's message saying yes, if in a chat.
    pub proof: Option<String>,
}

impl Inbox {
    pub async fn add_consent(&self, draft: ConsentDraft) -> Result<Vec<Consent>> {
        let topic = topic_name(&draft.topic)?;
        let (source, wording) = (draft.source.trim(), draft.wording.trim());
        if source.is_empty() || wording.is_empty() {
            return Err(Error::InvalidInput(
                "Say how the customer agreed and the exact words they agreed to: an inspector asks for both."
                    .into(),
            ));
        }
        let conversation = self.key(draft.conversation).await?;
        self.change(ShopChange::ConsentGiven {
            id: uuid::Uuid::now_v7().to_string(),
            conversation,
            topic,
            basis: draft.basis,
            given_at_ms: now_ms(),
            source: source.to_owned(),
            wording: wording.to_owned(),
            wording_version: draft.wording_version.filter(|v| !v.trim().is_empty()),
            proof: draft.proof.filter(|p| !p.trim().is_empty()),
        })
        .await?;
        let id = draft.conversation;
        self.blocking(move |s| s.consents_of_customer(id)).await
    }

    /// Withdraws the customer from `topic` (or every topic), as they asked the shop.
    pub async fn withdraw_consent(
        &self,
        conversation: ConversationId,
        topic: Option<String>,
        how: String,
    ) -> Result<Vec<Consent>> {
        let topic = topic.map(|t| topic_name(&t)).transpose()?;
        let key = self.key(conversation).await?;
        self.change(ShopChange::ConsentWithdrawn {
            conversation: key,
            topic,
            how: if how.trim().is_empty() {
                "by hand".into()
            } else {
                how.trim().to_owned()
            },
            proof: None,
        })
        .await?;
        self.blocking(move |s| s.consents_of_customer(conversation))
            .await
    }

    pub async fn consents(&self, topic: Option<String>) -> Result<Vec<Consent>> {
        self.blocking(move |s| s.consents(topic.as_deref())).await
    }

    pub async fn consents_csv(&self) -> Result<String> {
        self.blocking(|s| s.consents_csv()).await
    }
}
