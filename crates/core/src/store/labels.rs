//! The `labels` and `conversation_labels` tables: the shop's labels and which conversations
//! carry them. Labels of one group exclude each other on a conversation (an order is new, paid,
//! ready or collected: choosing one removes the others).

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, Label};

/// The most labels a shop keeps.
pub const MAX_LABELS: i64 = 50;

pub(super) fn save(tx: &Connection, label: &Label) -> Result<()> {
    let clash: Option<String> = tx
        .prepare_cached("SELECT id FROM labels WHERE name = ?1 AND id <> ?2")?
        .query_row(params![label.name, label.id], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(Error::InvalidInput(format!(
            "There is already a label \"{}\".",
            label.name
        )));
    }
    let exists = tx
        .prepare_cached("SELECT 1 FROM labels WHERE id = ?1")?
        .exists([&label.id])?;
    let count: i64 = tx.query_row("SELECT COUNT(*) FROM labels", [], |r| r.get(0))?;
    if !exists && count >= MAX_LABELS {
        return Err(Error::InvalidInput(format!(
            "A shop can keep {MAX_LABELS} labels; remove one first."
        )));
    }
    tx.prepare_cached(
        "INSERT INTO labels (id, name, color, group_name, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM labels))
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color,
             group_name = excluded.group_name",
    )?
    .execute(params![label.id, label.name, label.color, label.group])?;
    Ok(())
}

pub(super) fn remove(tx: &Connection, id: &str) -> Result<()> {
    tx.execute("DELETE FROM labels WHERE id = ?1", [id])?;
    Ok(())
}

/// Puts `label` on the conversation, taking off the other labels of its group.
pub(super) fn attach(
    tx: &Connection,
    conversation: ConversationId,
    label: &str,
    at: i64,
) -> Result<()> {
    let group: Option<Option<String>> = tx
        .prepare_cached("SELECT group_name FROM labels WHERE id = ?1")?
        .query_row([label], |r| r.get(0))
        .optional()?;
    let Some(group) = group else {
        // Removed meanwhile (another desktop's change came first): nothing to attach.
        return Ok(());
    };
    if let Some(group) = group {
        tx.prepare_cached(
            "DELETE FROM conversation_labels WHERE conversation_id = ?1 AND label_id IN
                 (SELECT id FROM labels WHERE group_name = ?2 AND id <> ?3)",
        )?
        .execute(params![conversation, group, label])?;
    }
    tx.prepare_cached(
        "INSERT INTO conversation_labels (conversation_id, label_id, at) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![conversation, label, at])?;
    Ok(())
}

pub(super) fn detach(tx: &Connection, conversation: ConversationId, label: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM conversation_labels WHERE conversation_id = ?1 AND label_id = ?2",
    )?
    .execute(params![conversation, label])?;
    Ok(())
}

impl Store {
    /// The shop's labels in its order.
    pub fn labels(&self) -> Result<Vec<Label>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, name, color, group_name FROM labels ORDER BY position, name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Label {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    color: r.get(2)?,
                    group: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The label named `name` (case does not matter), or with that id.
    pub fn label_named(&self, name: &str) -> Result<Label> {
        let name = name.trim();
        self.labels()?
            .into_iter()
            .find(|l| l.id == name || l.name.to_lowercase() == name.to_lowercase())
            .ok_or_else(|| Error::not_found("label", name))
    }
}
