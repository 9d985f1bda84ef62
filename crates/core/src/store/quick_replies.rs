//! The `quick_replies` table: the shop's snippets in its order, as the log of shop changes
//! saves, removes and reorders them.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{ConversationId, QuickReply, QuickReplyAttachment, StoredFile, TemplateRef};
use crate::snippet::{first_name, SnippetValues};

/// The most a shop keeps (more is a list nobody scrolls at the counter).
pub const MAX_QUICK_REPLIES: i64 = 200;

const COLUMNS: &str = "id, shortcut, text, attachment_kind, attachment_name, attachment_path,
                       template_name, template_language";

fn quick_reply(r: &Row<'_>) -> rusqlite::Result<QuickReply> {
    let attachment = match (
        r.get::<_, Option<String>>(3)?,
        r.get::<_, Option<String>>(4)?,
        r.get::<_, Option<String>>(5)?,
    ) {
        (Some(kind), Some(file_name), Some(path)) => Some(QuickReplyAttachment {
            kind,
            file_name,
            path,
        }),
        _ => None,
    };
    let template = match (
        r.get::<_, Option<String>>(6)?,
        r.get::<_, Option<String>>(7)?,
    ) {
        (Some(name), Some(language)) => Some(TemplateRef { name, language }),
        _ => None,
    };
    Ok(QuickReply {
        id: r.get(0)?,
        shortcut: r.get(1)?,
        text: r.get(2)?,
        attachment,
        template,
    })
}

/// Adds or replaces the snippet `id`; a new one goes last.
pub(super) fn save(
    tx: &Connection,
    id: &str,
    shortcut: &str,
    text: &str,
    attachment: Option<&StoredFile>,
    template: Option<&TemplateRef>,
    at: i64,
) -> Result<()> {
    let clash: Option<String> = tx
        .prepare_cached("SELECT id FROM quick_replies WHERE shortcut = ?1 AND id <> ?2")?
        .query_row(params![shortcut, id], |r| r.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(Error::InvalidInput(format!(
            "There is already a quick reply /{shortcut}; choose another shortcut."
        )));
    }
    let count: i64 = tx.query_row("SELECT COUNT(*) FROM quick_replies", [], |r| r.get(0))?;
    let exists = tx
        .prepare_cached("SELECT 1 FROM quick_replies WHERE id = ?1")?
        .exists([id])?;
    if !exists && count >= MAX_QUICK_REPLIES {
        return Err(Error::InvalidInput(format!(
            "A shop can keep {MAX_QUICK_REPLIES} quick replies; remove one first."
        )));
    }
    tx.prepare_cached(
        "INSERT INTO quick_replies (id, shortcut, text, attachment_path, attachment_kind,
                                    attachment_name, template_name, template_language,
                                    position, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM quick_replies), ?9)
         ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, text = excluded.text,
             attachment_path = excluded.attachment_path, attachment_kind = excluded.attachment_kind,
             attachment_name = excluded.attachment_name, template_name = excluded.template_name,
             template_language = excluded.template_language, updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        shortcut,
        text,
        attachment.map(|a| &a.path),
        attachment.map(|a| &a.kind),
        attachment.map(|a| &a.file_name),
        template.map(|t| &t.name),
        template.map(|t| &t.language),
        at
    ])?;
    Ok(())
}

pub(super) fn remove(tx: &Connection, id: &str) -> Result<()> {
    tx.execute("DELETE FROM quick_replies WHERE id = ?1", [id])?;
    Ok(())
}

/// Puts the snippets in `ids`' order; any not named keep their place after them.
pub(super) fn order(tx: &Connection, ids: &[String]) -> Result<()> {
    tx.execute("UPDATE quick_replies SET position = position + 100000", [])?;
    for (i, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE quick_replies SET position = ?2 WHERE id = ?1",
            params![id, i as i64],
        )?;
    }
    Ok(())
}

impl Store {
    /// The shop's snippets in its order.
    pub fn quick_replies(&self) -> Result<Vec<QuickReply>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM quick_replies ORDER BY position, shortcut"
            ))?;
            let rows = stmt.query_map([], quick_reply)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The snippet typed as `/shortcut` (case does not matter).
    pub fn quick_reply(&self, shortcut: &str) -> Result<QuickReply> {
        let shortcut = shortcut.trim().trim_start_matches('/');
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM quick_replies WHERE shortcut = ?1 OR id = ?1"
            ))?
            .query_row([shortcut], quick_reply)
            .optional()?
            .ok_or_else(|| Error::not_found("quick reply", format!("/{shortcut}")))
        })
    }

    /// What a snippet's variables stand for in a conversation: the customer's names (the one
    /// the shop saved first, then their profile's; none in a group) and the shop's name for
    /// the account.
    pub fn snippet_values(&self, conversation: ConversationId) -> Result<SnippetValues> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT c.kind, COALESCE(ct.saved_name, ct.display_name), a.name
                 FROM conversations c JOIN accounts a ON a.id = c.account_id
                 LEFT JOIN contacts ct ON ct.id = c.contact_id
                 WHERE c.id = ?1",
            )?
            .query_row([conversation], |r| {
                let private = r.get::<_, String>(0)? == "private";
                let name: Option<String> = if private { r.get(1)? } else { None };
                let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                Ok(SnippetValues {
                    first_name: name.as_deref().and_then(first_name),
                    name,
                    shop: Some(r.get(2)?),
                    opens: None,
                })
            })
            .optional()?
            .ok_or_else(|| Error::not_found("conversation", conversation))
        })
    }
}
