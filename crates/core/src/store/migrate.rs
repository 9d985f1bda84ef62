//! Forward-only schema migrations: numbered SQL files embedded in the binary, the applied count
//! kept in `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{Error, Result};

pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_telegram_complete.sql"),
    include_str!("migrations/0003_drafts.sql"),
    include_str!("migrations/0004_meta_webhooks.sql"),
    include_str!("migrations/0005_messenger.sql"),
    include_str!("migrations/0006_notifications.sql"),
    include_str!("migrations/0007_chat_list_order.sql"),
    include_str!("migrations/0008_counter.sql"),
    include_str!("migrations/0009_opening_hours.sql"),
    include_str!("migrations/0010_platform_times.sql"),
    include_str!("migrations/0011_customers_reach.sql"),
];

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    if applied > MIGRATIONS.len() {
        return Err(Error::StoreUnavailable {
            path: conn.path().unwrap_or_default().to_owned(),
            detail: "it was written by a newer Sportello; update the app".into(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "migrate_tests.rs"]
mod tests;
