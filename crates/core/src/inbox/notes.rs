//! Notes about a customer through the [`Inbox`]: written, edited (every version kept) and
//! removed, each a change of the shop's log. They never reach a channel.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{ConversationId, CustomerNote, ShopChange};
use crate::store::MAX_NOTE_CHARS;

impl Inbox {
    /// The notes about a conversation's customer, newest first.
    pub async fn notes(&self, conversation: ConversationId) -> Result<Vec<CustomerNote>> {
        self.blocking(move |s| s.notes(conversation)).await
    }

    /// A new note (`note_id` None) or a new version of one; the notes as they now are.
    pub async fn write_note(
        &self,
        conversation: ConversationId,
        note_id: Option<String>,
        text: String,
    ) -> Result<Vec<CustomerNote>> {
        let text = text.trim().to_owned();
        if text.is_empty() {
            return Err(Error::InvalidInput(
                "Write something in the note first.".into(),
            ));
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            return Err(Error::InvalidInput(format!(
                "A note can be at most {MAX_NOTE_CHARS} characters."
            )));
        }
        let key = self.key(conversation).await?;
        self.change(ShopChange::NoteWritten {
            note_id: note_id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            conversation: key,
            text,
        })
        .await?;
        self.notes(conversation).await
    }

    /// Removes a note from view (its versions stay in the log).
    pub async fn remove_note(&self, note_id: String) -> Result<()> {
        let id = note_id.clone();
        self.blocking(move |s| s.note_conversation(&id)).await?;
        self.change(ShopChange::NoteRemoved { note_id }).await?;
        Ok(())
    }
}
