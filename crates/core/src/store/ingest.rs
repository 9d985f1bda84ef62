//! Ingest: one batch of normalized inbound events and its cursor, committed in one transaction.
//! The message's (account, remote id) is the dedupe key, so a redelivered, retried or
//! replayed event changes nothing.

use rusqlite::{params, Connection, OptionalExtension};

use super::{cursors, Store};
use crate::error::Result;
use crate::inbound::{Inbound, InboundBatch, InboundMessage, RemoteContact};
use crate::model::{AccountId, ConversationId, Direction, MessageId, MessageStatus};
use crate::time_fmt::now_ms;

/// What a batch added: only messages that were new, so events and notifications fire once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ingested {
    pub messages: Vec<(ConversationId, MessageId)>,
    pub duplicates: usize,
}

impl Store {
    pub fn ingest(
        &self,
        account_id: AccountId,
        stream: &str,
        batch: &InboundBatch,
    ) -> Result<Ingested> {
        self.write(|tx| {
            let mut report = Ingested::default();
            for event in &batch.events {
                match event {
                    Inbound::Message(m) => match ingest_message(tx, account_id, m)? {
                        Some(stored) => report.messages.push(stored),
                        None => report.duplicates += 1,
                    },
                }
            }
            if let Some(cursor) = &batch.cursor {
                cursors::advance(tx, account_id, stream, cursor)?;
            }
            Ok(report)
        })
    }
}

fn ingest_message(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
) -> Result<Option<(ConversationId, MessageId)>> {
    let now = now_ms();
    let sender_id = m
        .sender
        .as_ref()
        .map(|s| upsert_contact(tx, account_id, s, now))
        .transpose()?;
    // In a private chat the customer is the conversation; only their own messages name it.
    let private_contact = match (&m.direction, m.conversation.kind.as_str()) {
        (Direction::In, "private") => sender_id,
        _ => None,
    };
    let conversation_id: ConversationId = tx
        .prepare_cached(
            "INSERT INTO conversations (account_id, remote_id, kind, title, contact_id)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE title END,
                 contact_id = COALESCE(excluded.contact_id, contact_id)
             RETURNING id",
        )?
        .query_row(
            params![
                account_id,
                m.conversation.remote_id,
                m.conversation.kind.as_str(),
                m.conversation.title,
                private_contact
            ],
            |r| r.get(0),
        )?;

    let status = match m.direction {
        Direction::In => MessageStatus::Received,
        Direction::Out => MessageStatus::Sent,
    };
    let inserted: Option<MessageId> = tx
        .prepare_cached(
            "INSERT INTO messages (account_id, conversation_id, remote_id, direction, sender_contact_id,
                                   kind, text, sent_at, stored_at, status, reply_to_remote_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (account_id, remote_id) DO NOTHING
             RETURNING id",
        )?
        .query_row(
            params![
                account_id,
                conversation_id,
                m.remote_id,
                m.direction.as_str(),
                sender_id,
                m.kind,
                m.text,
                m.sent_at_ms,
                now,
                status.as_str(),
                m.reply_to_remote_id
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(message_id) = inserted else {
        return Ok(None);
    };

    let mut attachment = tx.prepare_cached(
        "INSERT INTO attachments (message_id, kind, remote_ref, mime_type, file_name, size_bytes,
                                  width, height, duration_secs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for a in &m.attachments {
        attachment.execute(params![
            message_id,
            a.kind,
            a.remote_ref,
            a.mime_type,
            a.file_name,
            a.size_bytes,
            a.width,
            a.height,
            a.duration_secs
        ])?;
    }

    // Deliveries can arrive out of order: the preview follows the newest message, not the
    // latest arrival.
    tx.prepare_cached(
        "UPDATE conversations SET
             unread = unread + ?3,
             last_customer_message_at = CASE WHEN ?3 = 1 THEN MAX(COALESCE(last_customer_message_at, 0), ?4)
                                             ELSE last_customer_message_at END,
             last_message_id = CASE WHEN last_message_at IS NULL OR ?4 >= last_message_at THEN ?2
                                    ELSE last_message_id END,
             last_message_at = MAX(COALESCE(last_message_at, 0), ?4)
         WHERE id = ?1",
    )?
    .execute(params![
        conversation_id,
        message_id,
        i64::from(m.direction == Direction::In),
        m.sent_at_ms
    ])?;
    Ok(Some((conversation_id, message_id)))
}

fn upsert_contact(
    tx: &Connection,
    account_id: AccountId,
    c: &RemoteContact,
    now: i64,
) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO contacts (account_id, remote_id, display_name, username, phone, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE display_name END,
                 username = COALESCE(excluded.username, username),
                 phone = COALESCE(excluded.phone, phone),
                 updated_at = excluded.updated_at
             RETURNING id",
        )?
        .query_row(
            params![account_id, c.remote_id, c.display_name, c.username, c.phone, now],
            |r| r.get(0),
        )?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::inbound::{AttachmentMeta, ConversationKind, RemoteConversation};
    use crate::model::ChannelKind;
    use crate::store::test_support::temp_store;
    use crate::store::NewAccountRow;

    pub fn account(store: &Store) -> AccountId {
        store
            .insert_account(&NewAccountRow {
                channel: ChannelKind::Telegram,
                name: "Bakery",
                api_base: None,
                remote_id: "1",
                display_name: "@bakery_bot",
                secret_ref: &uuid::Uuid::new_v4().to_string(),
                is_demo: false,
            })
            .unwrap()
            .id
    }

    pub fn customer_message(chat: &str, id: &str, text: &str, at: i64) -> Inbound {
        Inbound::Message(InboundMessage {
            remote_id: format!("{chat}:{id}"),
            conversation: RemoteConversation {
                remote_id: chat.into(),
                kind: ConversationKind::Private,
                title: format!("Customer {chat}"),
            },
            sender: Some(RemoteContact {
                remote_id: chat.into(),
                display_name: format!("Customer {chat}"),
                username: None,
                phone: None,
            }),
            direction: Direction::In,
            kind: "text".into(),
            text: text.into(),
            sent_at_ms: at,
            reply_to_remote_id: None,
            attachments: vec![],
        })
    }

    fn batch(events: Vec<Inbound>, cursor: &str) -> InboundBatch {
        InboundBatch {
            events,
            cursor: Some(cursor.into()),
        }
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .read(|c| Ok(c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?))
            .unwrap()
    }

    #[test]
    fn ingesting_the_same_batch_twice_changes_nothing() {
        let (_dir, store) = temp_store();
        let acc = account(&store);
        let b = batch(
            vec![
                customer_message("10", "1", "Buongiorno", 1_000),
                customer_message("10", "2", "Avete il pane?", 2_000),
                customer_message("11", "1", "Olá", 3_000),
            ],
            "4",
        );
        let first = store.ingest(acc, "updates", &b).unwrap();
        assert_eq!(first.messages.len(), 3);
        let second = store.ingest(acc, "updates", &b).unwrap();
        assert!(
            second.messages.is_empty(),
            "a redelivery must store nothing"
        );
        assert_eq!(second.duplicates, 3);
        assert_eq!(count(&store, "messages"), 3);
        assert_eq!(count(&store, "conversations"), 2);
        let convs = store.conversations(50).unwrap();
        let c10 = convs.iter().find(|c| c.title == "Customer 10").unwrap();
        assert_eq!(
            c10.unread, 2,
            "duplicates must not inflate the unread badge"
        );
    }

    #[test]
    fn cursor_advances_with_the_rows_it_covers() {
        let (_dir, store) = temp_store();
        let acc = account(&store);
        assert_eq!(store.cursor(acc, "updates").unwrap(), None);
        store
            .ingest(
                acc,
                "updates",
                &batch(vec![customer_message("10", "1", "a", 1)], "2"),
            )
            .unwrap();
        assert_eq!(store.cursor(acc, "updates").unwrap().as_deref(), Some("2"));
    }

    #[test]
    fn a_failing_batch_leaves_neither_rows_nor_cursor() {
        let (_dir, store) = temp_store();
        let acc = account(&store);
        let missing_account = acc + 100;
        let b = batch(vec![customer_message("10", "1", "a", 1)], "9");
        assert!(store.ingest(missing_account, "updates", &b).is_err());
        assert_eq!(count(&store, "messages"), 0);
        assert_eq!(store.cursor(missing_account, "updates").unwrap(), None);
    }

    #[test]
    fn out_of_order_delivery_keeps_the_newest_preview() {
        let (_dir, store) = temp_store();
        let acc = account(&store);
        store
            .ingest(
                acc,
                "updates",
                &batch(vec![customer_message("10", "2", "newer", 2_000)], "1"),
            )
            .unwrap();
        store
            .ingest(
                acc,
                "updates",
                &batch(vec![customer_message("10", "1", "older", 1_000)], "2"),
            )
            .unwrap();
        let conv = &store.conversations(10).unwrap()[0];
        assert_eq!(conv.last_message_preview.as_deref(), Some("newer"));
        let msgs = store.messages(conv.id, 10, None).unwrap();
        let texts: Vec<_> = msgs.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            ["older", "newer"],
            "a chat reads in the order messages were sent"
        );
    }

    #[test]
    fn attachments_are_stored_with_their_message() {
        let (_dir, store) = temp_store();
        let acc = account(&store);
        let Inbound::Message(mut m) = customer_message("10", "1", "la torta", 1);
        m.kind = "photo".into();
        m.attachments.push(AttachmentMeta {
            kind: "photo".into(),
            remote_ref: Some("AgAD".into()),
            width: Some(800),
            ..Default::default()
        });
        store
            .ingest(acc, "updates", &batch(vec![Inbound::Message(m)], "2"))
            .unwrap();
        assert_eq!(count(&store, "attachments"), 1);
    }
}
