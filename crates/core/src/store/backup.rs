//! Backups of the cache and how damage is found and said. A backup is a consistent copy made
//! with `VACUUM INTO` from the read connection (writers go on meanwhile, WAL); media stay in
//! the data folder and are referred to by path. Automatic ones are kept in `backups/`, the
//! newest seven. Restoring puts a backup in place of the cache and keeps the damaged file
//! aside under a new name: nothing is ever overwritten.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::database::Store;
use crate::error::{Error, Result};
use crate::paths;
use crate::time_fmt::now_ms;

/// Where automatic backups go, inside the data folder.
pub const BACKUP_DIR: &str = "backups";
/// Automatic backups kept.
pub const KEPT: usize = 7;
const PREFIX: &str = "sportello-";
const SUFFIX: &str = ".sqlite3";

impl Store {
    /// SQLite's quick check of the whole file (every page's structure). Seconds on a large
    /// cache: run in the background, or before a long sync.
    pub fn quick_check(&self) -> Result<()> {
        check(&self.own_reader()?, "quick_check", self.path())
    }

    /// The full integrity check (indexes against their tables too); run daily, in the
    /// background.
    pub fn integrity_check(&self) -> Result<()> {
        check(&self.own_reader()?, "integrity_check", self.path())
    }

    /// A read connection of its own: a check or a backup reads the whole file for seconds,
    /// and must not hold the window's reads (the shared reader) meanwhile.
    fn own_reader(&self) -> Result<Connection> {
        Ok(Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?)
    }

    /// A consistent copy of the cache at `dest` (which must not exist yet).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::InvalidInput(format!(
                "{} already exists; choose a new file name.",
                dest.display()
            )));
        }
        self.own_reader()?
            .execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
        paths::make_private(dest);
        Ok(())
    }
}

fn check(c: &Connection, pragma: &str, path: &Path) -> Result<()> {
    let found: Vec<String> = c
        .prepare(&format!("PRAGMA {pragma}(20)"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if found.len() == 1 && found[0] == "ok" {
        return Ok(());
    }
    Err(Error::CacheDamaged {
        path: path.display().to_string(),
        detail: found
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("; "),
    })
}

/// Why the cache at `data_dir` must not be opened (and so silently re-created), if so: an
/// empty file, or no file although backups show there was one.
pub fn suddenly_gone(data_dir: &Path) -> Option<Error> {
    let cache = paths::cache_file(data_dir);
    let damaged = |detail: &str| {
        Some(Error::CacheDamaged {
            path: cache.display().to_string(),
            detail: detail.into(),
        })
    };
    match std::fs::metadata(&cache) {
        Ok(m) if m.len() == 0 => damaged("the file is empty"),
        Ok(_) => None,
        Err(_) if !backups(data_dir).is_empty() => {
            damaged("the file is gone, though backups of it exist")
        }
        Err(_) => None,
    }
}

/// The automatic backups, newest first.
pub fn backups(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data_dir.join(BACKUP_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    // The names sort by time (sportello-<unix ms>.sqlite3, zero-padded).
    found.sort();
    found.reverse();
    found
}

/// Makes an automatic backup if the newest is older than `every_ms`; keeps the newest
/// [`KEPT`]. Returns the new backup, if one was made.
pub fn automatic_backup(store: &Store, data_dir: &Path, every_ms: i64) -> Result<Option<PathBuf>> {
    let now = now_ms();
    let newest = backups(data_dir)
        .first()
        .and_then(|p| std::fs::metadata(p).ok())
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as i64);
    if newest.is_some_and(|at| now - at < every_ms) {
        return Ok(None);
    }
    let dir = data_dir.join(BACKUP_DIR);
    paths::create_private_dir(&dir)?;
    let dest = dir.join(format!("{PREFIX}{now:015}{SUFFIX}"));
    store.backup_to(&dest)?;
    for old in backups(data_dir).into_iter().skip(KEPT) {
        let _ = std::fs::remove_file(old);
    }
    Ok(Some(dest))
}

/// Puts `backup` (or the newest automatic one) in place of the cache. The current cache, with
/// its journal, is kept aside under a new name; returns that name (None if there was no
/// cache). Nothing may have the cache open (hold the sync lock and close the app).
pub fn restore(data_dir: &Path, backup: Option<&Path>) -> Result<(PathBuf, Option<PathBuf>)> {
    let chosen = match backup {
        Some(b) => b.to_owned(),
        None => backups(data_dir)
            .into_iter()
            .next()
            .ok_or_else(|| Error::InvalidInput("There is no backup to restore yet.".into()))?,
    };
    // The backup must be sound before anything is moved.
    let conn = Connection::open_with_flags(&chosen, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| not_a_backup(&chosen, &e.to_string()))?;
    check(&conn, "quick_check", &chosen).map_err(|e| not_a_backup(&chosen, &e.to_string()))?;
    let has_accounts: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'accounts')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| not_a_backup(&chosen, &e.to_string()))?;
    if !has_accounts {
        return Err(not_a_backup(&chosen, "it holds no Sportello data"));
    }
    drop(conn);
    let cache = paths::cache_file(data_dir);
    let aside = if cache.exists() {
        let stamp = now_ms();
        let mut name = cache.file_name().unwrap_or_default().to_owned();
        name.push(format!(".damaged-{stamp}"));
        let aside = cache.with_file_name(name);
        std::fs::rename(&cache, &aside).map_err(|e| io(&cache, e))?;
        for journal in ["-wal", "-shm"] {
            let mut from = cache.clone().into_os_string();
            from.push(journal);
            let mut to = aside.clone().into_os_string();
            to.push(journal);
            if Path::new(&from).exists() {
                std::fs::rename(&from, &to).map_err(|e| io(Path::new(&from), e))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::copy(&chosen, &cache).map_err(|e| io(&cache, e))?;
    paths::make_private(&cache);
    Ok((chosen, aside))
}

fn not_a_backup(path: &Path, why: &str) -> Error {
    Error::InvalidInput(format!("{} cannot be restored: {why}.", path.display()))
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::StoreUnavailable {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
