//! WhatsApp message templates: the approved list (asked of the platform, remembered for when
//! the network is gone) and sending one, the only message allowed outside the 24-hour window.

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::{Error, Result};
use crate::model::{AccountId, ConversationId, MessageTemplate, MessageView, TemplateChoice};

impl Inbox {
    /// The account's approved templates. Asked of the platform each time; when it cannot be
    /// reached, the list from the last successful answer is returned.
    pub async fn templates(&self, account: AccountId) -> Result<Vec<MessageTemplate>> {
        let row = self.blocking(move |s| s.account(account)).await?;
        let fetched = match self.connect_account(&row).await {
            Ok(channel) => channel.templates().await.map_err(Error::from),
            Err(e) => Err(e),
        };
        match fetched {
            Ok(list) => {
                self.remember_templates(account, list.clone());
                Ok(list)
            }
            Err(e) => self.remembered_templates(account).ok_or(e),
        }
    }

    /// Queues an approved template for a conversation, its placeholders filled with `choice`'s
    /// values, and shows it in the chat at once.
    pub async fn send_template(
        &self,
        conversation: ConversationId,
        choice: TemplateChoice,
    ) -> Result<MessageView> {
        let account = self
            .blocking(move |s| s.conversation_account(conversation))
            .await?;
        let template = self
            .templates(account)
            .await?
            .into_iter()
            .find(|t| t.name == choice.name && t.language == choice.language)
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "There is no approved template \"{}\" in {}; pick one from the list.",
                    choice.name, choice.language
                ))
            })?;
        if choice.parameters.len() != template.parameter_count as usize {
            return Err(Error::InvalidInput(format!(
                "The template \"{}\" needs {} values, {} were given.",
                template.name,
                template.parameter_count,
                choice.parameters.len()
            )));
        }
        if choice.parameters.iter().any(|p| p.trim().is_empty()) {
            return Err(Error::InvalidInput(
                "Fill in every value of the template.".into(),
            ));
        }
        let rendered = template.render(&choice.parameters);
        let message = self
            .blocking(move |s| s.enqueue_template(conversation, &choice, &rendered))
            .await?;
        self.publish(CoreEvent::MessageChanged {
            message: message.clone(),
        });
        self.wake(message.account_id);
        Ok(message)
    }
}
