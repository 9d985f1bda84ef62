//! The `sync_cursors` table: where each account's receive stream resumes.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use crate::error::Result;
use crate::model::{AccountId, ChannelKind};
use crate::time_fmt::now_ms;

/// The one receive stream per account whose cursor is kept (channels with more streams add more).
pub const INBOUND_STREAM: &str = "inbound";

impl Store {
    pub fn cursor(&self, account_id: AccountId, stream: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT cursor FROM sync_cursors WHERE account_id = ?1 AND stream = ?2",
            )?
            .query_row(params![account_id, stream], |r| r.get(0))
            .optional()?)
        })
    }
}

/// Called only inside the transaction that stores the rows the cursor covers. If the account
/// was away longer than its platform keeps messages, the period in which some may be lost is
/// recorded in the same transaction, so history never pretends to be whole.
pub(super) fn advance(
    tx: &Connection,
    account_id: AccountId,
    stream: &str,
    cursor: &str,
) -> Result<()> {
    let now = now_ms();
    let last_contact: Option<i64> = tx
        .prepare_cached(
            "SELECT updated_at FROM sync_cursors WHERE account_id = ?1 AND stream = ?2",
        )?
        .query_row(params![account_id, stream], |r| r.get(0))
        .optional()?;
    let channel: String = tx
        .prepare_cached("SELECT channel FROM accounts WHERE id = ?1")?
        .query_row([account_id], |r| r.get(0))?;
    let retention = ChannelKind::parse(&channel).and_then(ChannelKind::undelivered_retention_ms);
    if let (Some(last), Some(keep)) = (last_contact, retention) {
        if now - last > keep {
            tx.prepare_cached(
                "INSERT INTO sync_gaps (account_id, from_ms, to_ms, noticed_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![account_id, last, now - keep, now])?;
        }
    }
    tx.prepare_cached(
        "INSERT INTO sync_cursors (account_id, stream, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
    )?
    .execute(params![account_id, stream, cursor, now])?;
    Ok(())
}
