//! The `messages` table as a chat reads it: newest page first, earlier pages on demand.

use rusqlite::OptionalExtension;

use super::rows::{self, MESSAGE_VIEW_COLUMNS as COLUMNS, MESSAGE_VIEW_FROM as FROM};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, MessageId, MessageView};

impl Store {
    /// Up to `limit` messages of a conversation sent before `before` (or the newest ones),
    /// oldest first, ready to display.
    pub fn messages(
        &self,
        conversation: ConversationId,
        limit: u32,
        before: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        self.read(|c| {
            let exists: bool = c
                .prepare_cached("SELECT 1 FROM conversations WHERE id = ?1")?
                .query_row([conversation], |_| Ok(true))
                .optional()?
                .unwrap_or(false);
            if !exists {
                return Err(Error::not_found("conversation", conversation));
            }
            let mut page = match before {
                None => {
                    let mut stmt = c.prepare_cached(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE m.conversation_id = ?1
                         ORDER BY m.sent_at DESC, m.id DESC LIMIT ?2"
                    ))?;
                    let rows = stmt.query_map(rusqlite::params![conversation, limit], rows::message_view)?;
                    rows.collect::<rusqlite::Result<Vec<_>>>()?
                }
                Some(before) => {
                    let anchor: Option<(i64, i64)> = c
                        .prepare_cached(
                            "SELECT sent_at, id FROM messages WHERE id = ?1 AND conversation_id = ?2",
                        )?
                        .query_row([before, conversation], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?;
                    let (sent_at, id) =
                        anchor.ok_or_else(|| Error::not_found("message in this conversation", before))?;
                    let mut stmt = c.prepare_cached(&format!(
                        "SELECT {COLUMNS} {FROM} WHERE m.conversation_id = ?1 AND (m.sent_at, m.id) < (?2, ?3)
                         ORDER BY m.sent_at DESC, m.id DESC LIMIT ?4"
                    ))?;
                    let rows = stmt.query_map(
                        rusqlite::params![conversation, sent_at, id, limit],
                        rows::message_view,
                    )?;
                    rows.collect::<rusqlite::Result<Vec<_>>>()?
                }
            };
            page.reverse();
            rows::with_attachments(c, &mut page)?;
            Ok(page)
        })
    }

    /// The messages around `anchor` (up to `each_side` before and after it, and itself), oldest
    /// first: where a search result opens the chat.
    pub fn messages_around(&self, anchor: MessageId, each_side: u32) -> Result<Vec<MessageView>> {
        let target = self.message(anchor)?;
        let mut page = self.messages(target.conversation_id, each_side, Some(anchor))?;
        page.push(target.clone());
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} {FROM} WHERE m.conversation_id = ?1
                   AND (m.sent_at, m.id) > (SELECT sent_at, id FROM messages WHERE id = ?2)
                 ORDER BY m.sent_at, m.id LIMIT ?3"
            ))?;
            let mut newer = stmt
                .query_map(
                    rusqlite::params![target.conversation_id, anchor, each_side],
                    rows::message_view,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows::with_attachments(c, &mut newer)?;
            page.extend(newer);
            Ok(page)
        })
    }

    pub fn message(&self, id: MessageId) -> Result<MessageView> {
        self.read(|c| {
            let mut one = [c
                .prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE m.id = ?1"))?
                .query_row([id], rows::message_view)
                .optional()?
                .ok_or_else(|| Error::not_found("message", id))?];
            rows::with_attachments(c, &mut one)?;
            let [m] = one;
            Ok(m)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::ingest::tests::one_chat;
    use crate::store::test_support::temp_store;

    #[test]
    fn pages_backwards_without_gaps_or_repeats() {
        let (_dir, store) = temp_store();
        let texts: Vec<String> = (0..25).map(|i| format!("m{i}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (_acc, conv) = one_chat(&store, &refs);
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let page = store.messages(conv, 10, before).unwrap();
            if page.is_empty() {
                break;
            }
            before = Some(page[0].id);
            let mut texts: Vec<String> = page.into_iter().map(|m| m.text).collect();
            texts.extend(seen);
            seen = texts;
        }
        let expected: Vec<String> = (0..25).map(|i| format!("m{i}")).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn unknown_conversation_is_a_clear_error() {
        let (_dir, store) = temp_store();
        let err = store.messages(999, 10, None).unwrap_err();
        assert_eq!(err.code(), "NotFound");
        assert!(err.to_string().contains("999"));
    }
}
