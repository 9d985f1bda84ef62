//! The messages Sportello sends on its own, as the shop sets them through the [`Inbox`]: the
//! away and greeting messages, the FAQ cards and their switch, and the test box that says
//! which card a sample message would trigger. Each setting is a change of the shop's log.

use std::path::PathBuf;

use super::handle::Inbox;
use crate::auto_reply::faq::{answer_for, fold_words, matching_cards};
use crate::error::{Error, Result};
use crate::model::{AutoKind, AutoMessage, AutoReplies, FaqCard, FaqTest, ShopChange};

/// A question card as the owner wrote it; `file` is a photo or document to copy in.
#[derive(Debug, Clone, Default)]
pub struct FaqDraft {
    pub id: Option<String>,
    pub keywords: Vec<String>,
    pub answer: String,
    pub file: Option<PathBuf>,
    /// Keep the attachment the card already has (ignored with a new `file`).
    pub keep_attachment: bool,
}

impl Inbox {
    pub async fn auto_replies(&self) -> Result<AutoReplies> {
        self.blocking(|s| s.auto_replies()).await
    }

    /// The away or greeting message, switched on or off with its texts.
    pub async fn set_auto_message(
        &self,
        which: AutoKind,
        message: AutoMessage,
    ) -> Result<AutoReplies> {
        let message = AutoMessage {
            text: message.text.trim().to_string(),
            translations: message
                .translations
                .into_iter()
                .map(|(l, t)| (l.trim().to_ascii_lowercase(), t.trim().to_string()))
                .filter(|(l, t)| !l.is_empty() && !t.is_empty())
                .collect(),
            ..message
        };
        self.change(ShopChange::AutoMessageSet { which, message })
            .await?;
        self.auto_replies().await
    }

    pub async fn save_faq_card(&self, draft: FaqDraft) -> Result<FaqCard> {
        let keywords: Vec<String> = draft
            .keywords
            .iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !fold_words(k).is_empty())
            .collect();
        let existing = self.auto_replies().await?.faq;
        let previous = draft
            .id
            .as_ref()
            .and_then(|id| existing.iter().find(|c| &c.id == id));
        if draft.id.is_some() && previous.is_none() {
            return Err(Error::not_found(
                "question card",
                draft.id.unwrap_or_default(),
            ));
        }
        let attachment = match &draft.file {
            Some(file) => Some(self.keep_file(file).await?),
            None if draft.keep_attachment => previous.and_then(|c| c.attachment.clone()),
            None => None,
        };
        let card = FaqCard {
            id: draft.id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            keywords,
            answer: draft.answer.trim().to_string(),
            attachment_name: attachment.as_ref().map(|a| a.file_name.clone()),
            attachment,
        };
        self.change(ShopChange::FaqCardSaved { card: card.clone() })
            .await?;
        Ok(card)
    }

    pub async fn remove_faq_card(&self, id: String) -> Result<()> {
        if !self.auto_replies().await?.faq.iter().any(|c| c.id == id) {
            return Err(Error::not_found("question card", id));
        }
        self.change(ShopChange::FaqCardRemoved { id }).await?;
        Ok(())
    }

    pub async fn switch_faq(&self, on: bool) -> Result<AutoReplies> {
        self.change(ShopChange::FaqSwitched { on }).await?;
        self.auto_replies().await
    }

    /// Which card `sample` would trigger (whether or not answers are switched on).
    pub async fn test_faq(&self, sample: String) -> Result<FaqTest> {
        let cards = self.auto_replies().await?.faq;
        Ok(FaqTest {
            card: answer_for(&cards, &sample).cloned(),
            matched: matching_cards(&cards, &sample)
                .iter()
                .map(|c| c.id.clone())
                .collect(),
        })
    }
}
