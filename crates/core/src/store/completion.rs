//! A history message completed later: WhatsApp Coexistence sends a media message of the shared
//! history first as a `media_placeholder` in its thread, and its content (media id, caption)
//! in a later `history` delivery. That content fills in the stored placeholder once.

use rusqlite::{params, Connection, OptionalExtension};

use super::attachments::insert_received;
use crate::error::Result;
use crate::inbound::InboundMessage;
use crate::model::{AccountId, MessageId};

pub(super) enum Completion {
    /// The placeholder now holds the message's content.
    Filled(MessageId),
    /// Stored with its content already (a redelivery).
    AlreadyWhole,
    Unseen,
}

/// Fills in a placeholder stored for `m` (kind `unsupported:…`, no attachment) with its kind,
/// text and attachments; a message stored whole is left as it is.
pub(super) fn complete(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
) -> Result<Completion> {
    let existing: Option<(MessageId, String, bool)> = tx
        .prepare_cached(
            "SELECT id, kind, EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = messages.id)
             FROM messages WHERE account_id = ?1 AND remote_id = ?2",
        )?
        .query_row(params![account_id, m.remote_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, kind, has_attachments)) = existing else {
        return Ok(Completion::Unseen);
    };
    if !kind.starts_with("unsupported:") || has_attachments || m.kind.starts_with("unsupported:") {
        return Ok(Completion::AlreadyWhole);
    }
    tx.prepare_cached(
        "UPDATE messages SET kind = ?2, text = CASE WHEN ?3 <> '' THEN ?3 ELSE text END WHERE id = ?1",
    )?
    .execute(params![id, m.kind, m.text])?;
    insert_received(tx, id, m)?;
    Ok(Completion::Filled(id))
}
