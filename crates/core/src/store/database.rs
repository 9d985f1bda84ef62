//! The cache file and its connections: one file in the data dir, WAL, one writer and one
//! reader connection, and the transactions every table's SQL runs in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::migrate;
use crate::error::{Error, Result};

/// The cache file and its connections. Cheap to clone; all methods block, so async callers go
/// through `spawn_blocking` (see [`crate::Inbox`]).
#[derive(Clone)]
pub struct Store {
    inner: Arc<StoreInner>,
}

struct StoreInner {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        // An existing file of no bytes is a store that was emptied, not a new one: opening it
        // would write a fresh schema over the evidence (backup.rs says what to do).
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            return Err(Error::CacheDamaged {
                path: path.display().to_string(),
                detail: "the file is empty".into(),
            });
        }
        let unavailable = |e: rusqlite::Error| {
            if crate::error::is_damage(&e) {
                Error::CacheDamaged {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
            } else {
                Error::StoreUnavailable {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
            }
        };
        let mut writer = open_connection(path).map_err(unavailable)?;
        migrate::migrate(&mut writer).map_err(|e| match e {
            Error::Database(e) => unavailable(e),
            other => other,
        })?;
        let reader = open_connection(path).map_err(unavailable)?;
        Ok(Store {
            inner: Arc::new(StoreInner {
                path: path.to_owned(),
                writer: Mutex::new(writer),
                reader: Mutex::new(reader),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` in one write transaction: all of it is committed, or none of it.
    pub fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write`], but the commit waits until the data is on disk, not just in the
    /// WAL (what `synchronous = NORMAL` promises survives a process crash, not a power cut).
    pub fn write_durably<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.inner.writer);
        conn.pragma_update(None, "synchronous", "FULL")?;
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        result
    }

    /// Runs `f` on the read connection; readers never wait for a long write (WAL).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = lock(&self.inner.reader);
        f(&conn)
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock left no half-written data: every write is one transaction
    // that rolled back. The connection is still good, so keep using it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use crate::store::migrate::MIGRATIONS;
    use crate::store::test_support::temp_store;

    #[test]
    fn reopening_keeps_the_schema_version() {
        let (dir, store) = temp_store();
        let path = store.path().to_owned();
        drop(store);
        let again = super::Store::open(&path).unwrap();
        let version: i64 = again
            .read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        let journal: String = again
            .read(|c| Ok(c.pragma_query_value(None, "journal_mode", |r| r.get(0))?))
            .unwrap();
        assert_eq!(journal, "wal", "the cache must run in WAL mode");
        drop(dir);
    }
}
