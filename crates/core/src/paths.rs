//! Where Sportello keeps its data: the OS's per-user data dir, or the one the user names.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub const DATA_DIR_ENV: &str = "SPORTELLO_DATA_DIR";
const CACHE_FILE: &str = "sportello.sqlite3";

/// The data dir: `explicit` (from `--data-dir`), else `$SPORTELLO_DATA_DIR`, else the OS default
/// (e.g. `~/.local/share/sportello` on Linux). Created if missing.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    let dir = match explicit {
        Some(p) => p.to_owned(),
        None => match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            Some(v) => PathBuf::from(v),
            None => directories::ProjectDirs::from("app", "Sportello", "Sportello")
                .map(|d| d.data_dir().to_owned())
                .ok_or_else(|| Error::StoreUnavailable {
                    path: "(none)".into(),
                    detail: format!("no home folder was found; set {DATA_DIR_ENV}"),
                })?,
        },
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::StoreUnavailable {
        path: dir.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(dir)
}

pub fn cache_file(data_dir: &Path) -> PathBuf {
    data_dir.join(CACHE_FILE)
}
