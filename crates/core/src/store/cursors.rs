//! The `sync_cursors` table: where each account's receive stream resumes.

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::error::Result;
use crate::model::AccountId;
use crate::time_fmt::now_ms;

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

/// Called only inside the transaction that stores the rows the cursor covers.
pub(super) fn advance(
    tx: &Connection,
    account_id: AccountId,
    stream: &str,
    cursor: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_cursors (account_id, stream, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
    )?
    .execute(params![account_id, stream, cursor, now_ms()])?;
    Ok(())
}
