//! What the platform reports about messages after they exist: delivery statuses (which only
//! move forward, and may arrive before we know the message), reactions, customers' names from
//! the shop owner's phone book, and their profile pictures.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::inbound::{DeliveryStatus, Reaction, RemoteContact};
use crate::model::{AccountId, MessageId, MessageStatus};

/// The SQL twin of [`MessageStatus::delivery_rank`], for comparing inside an UPDATE.
const RANK_OF_STATUS: &str = "CASE status WHEN 'sent' THEN 1 WHEN 'failed' THEN 2
     WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 ELSE 0 END";

/// Applies a status report to the shop's message. Returns the message if it changed. A report
/// for a message not recorded yet is kept and applied when it is.
pub(super) fn apply_status(
    tx: &Connection,
    account_id: AccountId,
    report: &DeliveryStatus,
) -> Result<Option<MessageId>> {
    let rank = report.status.delivery_rank();
    if rank == 0 {
        return Ok(None);
    }
    let known: Option<MessageId> = tx
        .prepare_cached(
            "SELECT id FROM messages WHERE account_id = ?1 AND remote_id = ?2 AND direction = 'out'",
        )?
        .query_row(params![account_id, report.remote_id], |r| r.get(0))
        .optional()?;
    let Some(id) = known else {
        tx.prepare_cached(&format!(
            "INSERT INTO pending_statuses (account_id, remote_id, status, error, at, closes_window)
             VALUES (?1, ?2, ?3, ?4, ?5, ?7)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 status = excluded.status, error = excluded.error, at = excluded.at,
                 closes_window = excluded.closes_window
             WHERE ?6 > {RANK_OF_STATUS}"
        ))?
        .execute(params![
            account_id,
            report.remote_id,
            report.status.as_str(),
            report.error,
            report.at_ms,
            rank,
            report.closes_reply_window
        ])?;
        return Ok(None);
    };
    if report.closes_reply_window {
        tx.prepare_cached(
            "UPDATE conversations SET window_refused_at = MAX(COALESCE(window_refused_at, 0), ?2)
             WHERE id = (SELECT conversation_id FROM messages WHERE id = ?1)",
        )?
        .execute(params![id, report.at_ms.max(1)])?;
    }
    let changed = tx
        .prepare_cached(&format!(
            "UPDATE messages SET status = ?2, error = ?3 WHERE id = ?1 AND ?4 > {RANK_OF_STATUS}"
        ))?
        .execute(params![id, report.status.as_str(), report.error, rank])?;
    if let (MessageStatus::Failed, Some(code)) = (report.status, &report.platform_code) {
        let conversation: i64 = tx
            .prepare_cached("SELECT conversation_id FROM messages WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        super::reach_ingest::send_failed(tx, conversation, code, report.at_ms)?;
    }
    Ok((changed > 0).then_some(id))
}

/// Everything the shop sent in the conversation up to `up_to_ms` moves to `status`, unless it
/// is already further along.
pub(super) fn apply_watermark(
    tx: &Connection,
    account_id: AccountId,
    conversation_remote_id: &str,
    status: MessageStatus,
    up_to_ms: i64,
) -> Result<Vec<MessageId>> {
    let rank = status.delivery_rank();
    let mut stmt = tx.prepare_cached(&format!(
        "UPDATE messages SET status = ?3, error = NULL
         WHERE conversation_id = (SELECT id FROM conversations WHERE account_id = ?1 AND remote_id = ?2)
           AND direction = 'out' AND remote_id IS NOT NULL AND sent_at <= ?4
           AND status IN ('sent', 'delivered', 'read', 'failed') AND ?5 > {RANK_OF_STATUS}
         RETURNING id"
    ))?;
    let changed = stmt
        .query_map(
            params![
                account_id,
                conversation_remote_id,
                status.as_str(),
                up_to_ms,
                rank
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(changed)
}

/// A message of the shop now has its platform id: apply any status that arrived before it.
pub(super) fn apply_pending_status(
    tx: &Connection,
    account_id: AccountId,
    remote_id: &str,
) -> Result<()> {
    let pending: Option<(String, Option<String>, i64, bool)> = tx
        .prepare_cached(
            "DELETE FROM pending_statuses WHERE account_id = ?1 AND remote_id = ?2
             RETURNING status, error, at, closes_window",
        )?
        .query_row(params![account_id, remote_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    if let Some((status, error, at_ms, closes_reply_window)) = pending {
        if let Some(status) = MessageStatus::parse(&status) {
            apply_status(
                tx,
                account_id,
                &DeliveryStatus {
                    remote_id: remote_id.to_owned(),
                    status,
                    error,
                    closes_reply_window,
                    platform_code: None,
                    at_ms,
                },
            )?;
        }
    }
    Ok(())
}

/// Records a reaction; a newer one from the same person replaces it, an empty one removes it.
/// Returns the message reacted to, if we have it.
pub(super) fn apply_reaction(
    tx: &Connection,
    account_id: AccountId,
    reaction: &Reaction,
) -> Result<Option<MessageId>> {
    let reactor = reaction.reactor.as_deref().unwrap_or("");
    let previous: Option<i64> = tx
        .prepare_cached(
            "SELECT at FROM reactions
             WHERE account_id = ?1 AND message_remote_id = ?2 AND reactor = ?3",
        )?
        .query_row(
            params![account_id, reaction.message_remote_id, reactor],
            |r| r.get(0),
        )
        .optional()?;
    if previous.is_some_and(|at| at > reaction.at_ms) {
        return Ok(None);
    }
    if reaction.emoji.is_empty() {
        tx.prepare_cached(
            "DELETE FROM reactions WHERE account_id = ?1 AND message_remote_id = ?2 AND reactor = ?3",
        )?
        .execute(params![account_id, reaction.message_remote_id, reactor])?;
    } else {
        tx.prepare_cached(
            "INSERT INTO reactions (account_id, message_remote_id, reactor, emoji, at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (account_id, message_remote_id, reactor) DO UPDATE SET
                 emoji = excluded.emoji, at = excluded.at",
        )?
        .execute(params![
            account_id,
            reaction.message_remote_id,
            reactor,
            reaction.emoji,
            reaction.at_ms
        ])?;
    }
    Ok(tx
        .prepare_cached("SELECT id FROM messages WHERE account_id = ?1 AND remote_id = ?2")?
        .query_row(params![account_id, reaction.message_remote_id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// A fresh link to a customer's picture. A contact that already has a local copy keeps it; one
/// without gets the link, for the background download.
pub(super) fn set_contact_picture(
    tx: &Connection,
    account_id: AccountId,
    remote_id: &str,
    url: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET picture_url = ?3
         WHERE account_id = ?1 AND remote_id = ?2 AND picture_path IS NULL",
    )?
    .execute(params![account_id, remote_id, url])?;
    Ok(())
}

/// The shop owner's own name for a customer wins over the customer's profile name, for the
/// contact and for their private chat's title.
pub(super) fn apply_contact_name(
    tx: &Connection,
    account_id: AccountId,
    contact: &RemoteContact,
    now: i64,
) -> Result<bool> {
    if contact.display_name.trim().is_empty() {
        return Ok(false);
    }
    let changed = tx
        .prepare_cached(
            "INSERT INTO contacts (account_id, remote_id, display_name, saved_name, phone, updated_at)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 display_name = excluded.display_name, saved_name = excluded.saved_name,
                 phone = COALESCE(excluded.phone, phone),
                 updated_at = excluded.updated_at",
        )?
        .execute(params![
            account_id,
            contact.remote_id,
            contact.display_name,
            contact.phone,
            now
        ])?;
    tx.prepare_cached(
        "UPDATE conversations SET title = ?3
         WHERE account_id = ?1 AND remote_id = ?2 AND kind = 'private'",
    )?
    .execute(params![account_id, contact.remote_id, contact.display_name])?;
    Ok(changed > 0)
}

/// The report with a time that can be right (inbound.rs): the time it arrived otherwise.
pub(super) fn sane(report: &crate::inbound::DeliveryStatus) -> crate::inbound::DeliveryStatus {
    crate::inbound::DeliveryStatus {
        at_ms: crate::inbound::sane_time(report.at_ms, crate::time_fmt::now_ms()),
        ..report.clone()
    }
}

pub(super) fn sane_reaction(r: &crate::inbound::Reaction) -> crate::inbound::Reaction {
    crate::inbound::Reaction {
        at_ms: crate::inbound::sane_time(r.at_ms, crate::time_fmt::now_ms()),
        ..r.clone()
    }
}

#[cfg(test)]
#[path = "statuses_tests.rs"]
mod tests;
