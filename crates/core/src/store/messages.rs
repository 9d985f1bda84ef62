//! The `messages` table as a chat reads it: newest page first, earlier pages on demand.

use rusqlite::{Connection, OptionalExtension};

use super::database::Store;
use super::rows::{self, MESSAGE_VIEW_COLUMNS as COLUMNS, MESSAGE_VIEW_FROM as FROM};
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
                    let (sent_at, id) = position(c, conversation, before)?;
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

    /// Up to `limit` messages of a conversation sent after `after`, oldest first: the chat
    /// scrolling down again towards the newest, after it let go of the pages it had passed.
    pub fn messages_after(
        &self,
        conversation: ConversationId,
        after: MessageId,
        limit: u32,
    ) -> Result<Vec<MessageView>> {
        self.read(|c| {
            let (sent_at, id) = position(c, conversation, after)?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} {FROM} WHERE m.conversation_id = ?1 AND (m.sent_at, m.id) > (?2, ?3)
                 ORDER BY m.sent_at, m.id LIMIT ?4"
            ))?;
            let mut page = stmt
                .query_map(
                    rusqlite::params![conversation, sent_at, id, limit],
                    rows::message_view,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows::with_attachments(c, &mut page)?;
            Ok(page)
        })
    }

    /// The messages around `anchor` (up to `each_side` before and after it, and itself), oldest
    /// first: where a search result or the first unread message opens the chat.
    pub fn messages_around(&self, anchor: MessageId, each_side: u32) -> Result<Vec<MessageView>> {
        let target = self.message(anchor)?;
        let mut page = self.messages(target.conversation_id, each_side, Some(anchor))?;
        let newer = self.messages_after(target.conversation_id, anchor, each_side)?;
        page.push(target);
        page.extend(newer);
        Ok(page)
    }

    /// The oldest of the customer's messages the unread badge counts, where WhatsApp opens a
    /// chat that has unread messages. None when the chat is read.
    pub fn first_unread(&self, conversation: ConversationId) -> Result<Option<MessageId>> {
        self.read(|c| {
            let unread: i64 = c
                .prepare_cached("SELECT unread FROM conversations WHERE id = ?1")?
                .query_row([conversation], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("conversation", conversation))?;
            if unread <= 0 {
                return Ok(None);
            }
            // The badge counts the customer's newest messages; "mark as unread" sets it to 1
            // even when the last message is the shop's, so the newest customer message is
            // the one to start at then.
            Ok(c.prepare_cached(
                "SELECT id FROM messages WHERE conversation_id = ?1 AND direction = 'in'
                 ORDER BY sent_at DESC, id DESC LIMIT 1 OFFSET ?2",
            )?
            .query_row([conversation, unread - 1], |r| r.get(0))
            .optional()?)
        })
    }

    pub fn message(&self, id: MessageId) -> Result<MessageView> {
        self.read(|c| message_on(c, id))
    }
}

/// One message as shown, read on `c` (a write transaction reads what it has just written).
pub(super) fn message_on(c: &Connection, id: MessageId) -> Result<MessageView> {
    let mut one = [c
        .prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE m.id = ?1"))?
        .query_row([id], rows::message_view)
        .optional()?
        .ok_or_else(|| Error::not_found("message", id))?];
    rows::with_attachments(c, &mut one)?;
    let [m] = one;
    Ok(m)
}

/// Where message `id` stands in its conversation's order (sent_at, id), which pages start from.
fn position(
    c: &rusqlite::Connection,
    conversation: ConversationId,
    id: MessageId,
) -> Result<(i64, i64)> {
    c.prepare_cached("SELECT sent_at, id FROM messages WHERE id = ?1 AND conversation_id = ?2")?
        .query_row([id, conversation], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("message in this conversation", id))
}

#[cfg(test)]
mod tests {
    use crate::store::test_support::one_chat;
    use crate::store::test_support::temp_store;

    /// A chat of `n` customer messages "m0" to "m<n-1>", oldest first.
    fn numbered_chat(
        store: &crate::store::database::Store,
        n: usize,
    ) -> crate::model::ConversationId {
        let texts: Vec<String> = (0..n).map(|i| format!("m{i}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        one_chat(store, &refs).1
    }

    #[test]
    fn pages_backwards_without_gaps_or_repeats() {
        let (_dir, store) = temp_store();
        let conv = numbered_chat(&store, 25);
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
    fn pages_forwards_from_any_message_to_the_newest() {
        let (_dir, store) = temp_store();
        let conv = numbered_chat(&store, 25);
        let mut seen = vec![store.messages(conv, 50, None).unwrap().remove(0)];
        loop {
            let page = store
                .messages_after(conv, seen.last().unwrap().id, 10)
                .unwrap();
            if page.is_empty() {
                break;
            }
            seen.extend(page);
        }
        let texts: Vec<String> = seen.into_iter().map(|m| m.text).collect();
        assert_eq!(texts, (0..25).map(|i| format!("m{i}")).collect::<Vec<_>>());
    }

    #[test]
    fn first_unread_is_the_oldest_message_the_badge_counts() {
        let (_dir, store) = temp_store();
        let (_acc, conv) = one_chat(&store, &["a", "b", "c", "d"]);
        let all = store.messages(conv, 50, None).unwrap();
        assert_eq!(store.first_unread(conv).unwrap(), Some(all[0].id));
        store.mark_read(conv).unwrap();
        assert_eq!(store.first_unread(conv).unwrap(), None);
        store.mark_unread(conv).unwrap();
        assert_eq!(store.first_unread(conv).unwrap(), Some(all[3].id));
    }

    #[test]
    fn unknown_conversation_is_a_clear_error() {
        let (_dir, store) = temp_store();
        let err = store.messages(999, 10, None).unwrap_err();
        assert_eq!(err.code(), "NotFound");
        assert!(err.to_string().contains("999"));
    }
}
