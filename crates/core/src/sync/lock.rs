//! Only one process syncs a data dir at a time (two would both fetch the same updates and both
//! send the same outbox). An OS file lock: released by the OS even if the process crashes.

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
        let path = data_dir.join("sync.lock");
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
}
