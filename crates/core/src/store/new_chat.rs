//! A chat the shop starts: on WhatsApp a business may write first (with an approved template),
//! so the owner can open a chat with a number nobody has written from yet.

use rusqlite::params;

use super::database::Store;
use crate::error::Result;
use crate::model::{AccountId, ConversationId};
use crate::time_fmt::now_ms;

impl Store {
    /// The account's chat with `remote_id`, created if there is none. `name` is the owner's
    /// own name for the customer: it stays even when the customer's profile says otherwise.
    pub fn start_conversation(
        &self,
        account: AccountId,
        remote_id: &str,
        name: Option<&str>,
        shown_as: &str,
    ) -> Result<ConversationId> {
        self.write(|tx| {
            let now = now_ms();
            let contact: i64 = tx
                .prepare_cached(
                    "INSERT INTO contacts (account_id, remote_id, display_name, saved_name, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (account_id, remote_id) DO UPDATE SET
                         saved_name = COALESCE(excluded.saved_name, saved_name)
                     RETURNING id",
                )?
                .query_row(
                    params![account, remote_id, name.unwrap_or(shown_as), name, now],
                    |r| r.get(0),
                )?;
            let title: String = tx
                .prepare_cached("SELECT COALESCE(saved_name, display_name) FROM contacts WHERE id = ?1")?
                .query_row([contact], |r| r.get(0))?;
            // Dated now, so the new chat is at the top of the list, where the owner looks.
            Ok(tx
                .prepare_cached(
                    "INSERT INTO conversations (account_id, remote_id, kind, title, contact_id, last_message_at)
                     VALUES (?1, ?2, 'private', ?3, ?4, ?5)
                     ON CONFLICT (account_id, remote_id) DO UPDATE SET
                         title = excluded.title,
                         contact_id = COALESCE(contact_id, excluded.contact_id),
                         archived = 0
                     RETURNING id",
                )?
                .query_row(params![account, remote_id, title, contact, now], |r| r.get(0))?)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::inbound::{Inbound, InboundBatch};
    use crate::model::{ChannelKind, ReplyBlock, ReplyWindow};
    use crate::store::test_support::temp_store;
    use crate::store::test_support::{account_on, customer_msg};

    #[test]
    fn a_started_chat_is_on_top_waits_for_a_template_and_catches_the_customers_answer() {
        let (_d, store) = temp_store();
        let whatsapp = account_on(&store, ChannelKind::Whatsapp);
        let older = customer_msg("391111111111", "1", "ciao", 1_000);
        let batch = InboundBatch {
            events: vec![Inbound::Message(older)],
            cursor: None,
        };
        store.ingest(whatsapp, "webhook", &batch).unwrap();

        let started = store
            .start_conversation(
                whatsapp,
                "393331234567",
                Some("Signora Bianchi"),
                "+393331234567",
            )
            .unwrap();
        let list = store.conversations(10).unwrap();
        assert_eq!(list[0].id, started, "the new chat is first");
        assert_eq!(list[0].title, "Signora Bianchi");
        assert_eq!(
            list[0].reply_window,
            ReplyWindow::Closed {
                reason: ReplyBlock::TemplateOnly
            }
        );
        assert_eq!(
            store
                .start_conversation(whatsapp, "393331234567", None, "+393331234567")
                .unwrap(),
            started,
            "starting it again opens the same chat"
        );

        let mut answer = customer_msg("393331234567", "2", "Grazie, arrivo!", 9_000_000_000_000);
        answer.sender.as_mut().unwrap().display_name = "Giulia B.".into();
        let batch = InboundBatch {
            events: vec![Inbound::Message(answer)],
            cursor: None,
        };
        store.ingest(whatsapp, "webhook", &batch).unwrap();
        let list = store.conversations(10).unwrap();
        assert_eq!(list.len(), 2, "the answer went to the started chat");
        assert_eq!(list[0].id, started);
        assert_eq!(list[0].title, "Signora Bianchi", "the owner's name stays");
    }

    #[test]
    fn without_a_name_the_chat_is_called_by_its_number() {
        let (_d, store) = temp_store();
        let whatsapp = account_on(&store, ChannelKind::Whatsapp);
        store
            .start_conversation(whatsapp, "5511912345678", None, "+5511912345678")
            .unwrap();
        assert_eq!(store.conversations(10).unwrap()[0].title, "+5511912345678");
    }
}
