//! A damaged message store at start: the window opens on an empty scratch inbox (nothing is
//! synced, nothing written next to the damaged file) and shows only the damage, offering to
//! restore the newest backup. Restoring happens at the next start, before the store is opened
//! (the store's files cannot be swapped while this process has them open): the button leaves a
//! request in the data folder and restarts the app.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sportello_core::store::backup;
use sportello_core::{Error, Inbox};
use ts_rs::TS;

/// Written by the Restore button; read and removed at the next start.
pub const RESTORE_REQUEST: &str = "restore-requested";

/// What the window says about a damaged store.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreDamage {
    pub detail: String,
    /// The newest automatic backup's file name, if there is one.
    pub newest_backup: Option<String>,
    /// Where the data folder is (the damaged file stays there, renamed, after restoring).
    pub data_dir: String,
}

/// Opens the shop's inbox; if its store is damaged, a scratch one and what is wrong. A restore
/// asked for at the last run is done first.
pub fn open(
    data_dir: &Path,
) -> Result<(Inbox, Option<StoreDamage>, Option<tempfile::TempDir>), Error> {
    let request = data_dir.join(RESTORE_REQUEST);
    if request.exists() {
        let _ = std::fs::remove_file(&request);
        match backup::restore(data_dir, None) {
            Ok((from, aside)) => tracing::warn!(
                "restored {} (the damaged store kept as {:?})",
                from.display(),
                aside
            ),
            Err(e) => tracing::error!("restoring the backup failed: {e}"),
        }
    }
    match Inbox::open(data_dir, sportello_channels::connect) {
        Ok(inbox) => Ok((inbox, None, None)),
        Err(e) if e.code() == sportello_core::ErrorCode::CacheDamaged => {
            tracing::error!("the message store is damaged: {e}");
            let scratch = tempfile::tempdir().map_err(|io| Error::StoreUnavailable {
                path: "(temporary folder)".into(),
                detail: io.to_string(),
            })?;
            let inbox = Inbox::open(scratch.path(), sportello_channels::connect)?;
            let damage = StoreDamage {
                detail: e.to_string(),
                newest_backup: newest(data_dir),
                data_dir: data_dir.display().to_string(),
            };
            Ok((inbox, Some(damage), Some(scratch)))
        }
        Err(e) => Err(e),
    }
}

fn newest(data_dir: &Path) -> Option<String> {
    backup::backups(data_dir)
        .into_iter()
        .next()
        .and_then(|p: PathBuf| p.file_name().map(|n| n.to_string_lossy().into_owned()))
}
