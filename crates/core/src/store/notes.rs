//! The `customer_notes` table: what the shop notes about a customer (allergies, the usual
//! order), every version kept. Notes stay on this computer (and the shop's hub): no channel
//! ever sees them.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, CustomerNote, NoteVersion};
use crate::time_fmt::rfc3339;

/// The longest note kept.
pub const MAX_NOTE_CHARS: usize = 4000;

/// A new version of note `note_id` about the conversation's customer.
pub(super) fn write(
    tx: &Connection,
    note_id: &str,
    conversation: ConversationId,
    text: &str,
    removed: bool,
    at: i64,
    device: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO customer_notes (note_id, version, conversation_id, text, removed, at, device)
         VALUES (?1, (SELECT COALESCE(MAX(version), 0) + 1 FROM customer_notes WHERE note_id = ?1),
                 ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![note_id, conversation, text, removed, at, device])?;
    Ok(())
}

/// Removes a note (a removal is one more version, so nothing is lost); its conversation.
pub(super) fn remove(
    tx: &Connection,
    note_id: &str,
    at: i64,
    device: &str,
) -> Result<ConversationId> {
    let latest: Option<(ConversationId, String)> = tx
        .prepare_cached(
            "SELECT conversation_id, text FROM customer_notes WHERE note_id = ?1
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row([note_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (conversation, text) = latest.ok_or_else(|| Error::not_found("note", note_id))?;
    write(tx, note_id, conversation, &text, true, at, device)?;
    Ok(conversation)
}

/// One stored version of a note, as read back.
struct StoredVersion {
    version: i64,
    text: String,
    removed: bool,
    at: i64,
    conversation: ConversationId,
}

impl Store {
    /// The notes about a conversation's customer, newest first, each with its earlier versions:
    /// those written in any chat with the same customer (every identity merged into them) too.
    pub fn notes(&self, conversation: ConversationId) -> Result<Vec<CustomerNote>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT note_id, version, text, removed, at, conversation_id FROM customer_notes
                 WHERE conversation_id IN (
                     SELECT s.id FROM conversations c JOIN conversations s
                       ON s.id = c.id OR s.contact_id IN (
                           SELECT o.id FROM contacts ct JOIN contacts o
                             ON COALESCE(o.customer_id, o.id) = COALESCE(ct.customer_id, ct.id)
                           WHERE ct.id = c.contact_id)
                     WHERE c.id = ?1)
                 ORDER BY note_id, version DESC",
            )?;
            let rows = stmt.query_map([conversation], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    StoredVersion {
                        version: r.get(1)?,
                        text: r.get(2)?,
                        removed: r.get(3)?,
                        at: r.get(4)?,
                        conversation: r.get(5)?,
                    },
                ))
            })?;
            let mut by_note: BTreeMap<String, Vec<StoredVersion>> = BTreeMap::new();
            for row in rows {
                let (id, version) = row?;
                by_note.entry(id).or_default().push(version);
            }
            let mut notes: Vec<(i64, CustomerNote)> = by_note
                .into_iter()
                .filter_map(|(note_id, versions)| {
                    let (latest, earlier) = versions.split_first()?;
                    if latest.removed {
                        return None;
                    }
                    let history = earlier
                        .iter()
                        .filter(|v| !v.removed)
                        .map(|v| NoteVersion {
                            text: v.text.clone(),
                            at: rfc3339(v.at),
                        })
                        .collect();
                    Some((
                        latest.at,
                        CustomerNote {
                            note_id,
                            conversation_id: latest.conversation,
                            text: latest.text.clone(),
                            at: rfc3339(latest.at),
                            version: latest.version,
                            history,
                        },
                    ))
                })
                .collect();
            notes.sort_by_key(|n| std::cmp::Reverse(n.0));
            Ok(notes.into_iter().map(|(_, n)| n).collect())
        })
    }

    /// The note `note_id`'s conversation, if the note exists.
    pub fn note_conversation(&self, note_id: &str) -> Result<ConversationId> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT conversation_id FROM customer_notes WHERE note_id = ?1 LIMIT 1",
            )?
            .query_row([note_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("note", note_id))
        })
    }
}
