//! Only one process syncs a cache at a time (two would both fetch the same updates and both
//! send the same outbox). An OS file lock: released by the OS even if the process crashes. It
//! sits beside the cache file itself, found through any symlink, so a second data folder
//! linking to the same cache is refused too.

use std::fs::{File, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

/// Held for as long as this process may sync; dropping it lets another process start.
#[derive(Debug)]
pub struct SyncLock {
    _file: File,
}

impl SyncLock {
    pub fn acquire(data_dir: &Path) -> Result<SyncLock> {
        let path = match std::fs::canonicalize(crate::paths::cache_file(data_dir)) {
            Ok(cache) => {
                let mut name = cache.file_name().unwrap_or_default().to_owned();
                name.push(".sync-lock");
                cache.with_file_name(name)
            }
            // No cache yet: nothing can link to it.
            Err(_) => data_dir.join("sync.lock"),
        };
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::StoreUnavailable {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SyncLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::SyncBusy(data_dir.display().to_string())),
            Err(TryLockError::Error(e)) => Err(Error::StoreUnavailable {
                path: path.display().to_string(),
                detail: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = SyncLock::acquire(dir.path()).unwrap();
        let second = SyncLock::acquire(dir.path()).unwrap_err();
        assert_eq!(second.code(), "SyncBusy");
        drop(first);
        SyncLock::acquire(dir.path()).expect("free again once released");
    }

    #[cfg(unix)]
    #[test]
    fn a_data_folder_linking_to_the_same_cache_is_refused_too() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let cache = crate::paths::cache_file(a.path());
        std::fs::write(&cache, b"").unwrap();
        std::os::unix::fs::symlink(&cache, crate::paths::cache_file(b.path())).unwrap();
        let _first = SyncLock::acquire(a.path()).unwrap();
        assert_eq!(SyncLock::acquire(b.path()).unwrap_err().code(), "SyncBusy");
    }
}
