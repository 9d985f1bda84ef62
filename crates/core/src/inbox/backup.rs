//! Backups and the store's health through the [`Inbox`]: a backup on demand, the daily
//! automatic one with the full integrity check, and the check itself.

use std::path::PathBuf;
use std::time::Duration;

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::error::Result;
use crate::store::backup;

/// How often the automatic backup and the integrity check run.
const DAILY_MS: i64 = 24 * 3600 * 1000;

impl Inbox {
    /// A backup at `dest`, or an automatic one in the data folder's backups/ (keeping the
    /// newest seven); where it went.
    pub async fn backup(&self, dest: Option<PathBuf>) -> Result<PathBuf> {
        let dir = self.data_dir().to_owned();
        self.blocking(move |s| match dest {
            Some(dest) => s.backup_to(&dest).map(|()| dest),
            None => backup::automatic_backup(s, &dir, 0).map(|made| made.unwrap_or_default()),
        })
        .await
    }

    /// SQLite's quick check (each page's structure): before a long sync.
    pub async fn quick_check_store(&self) -> Result<()> {
        self.blocking(|s| s.quick_check()).await
    }

    /// SQLite's full integrity check of the store.
    pub async fn check_store(&self) -> Result<()> {
        self.blocking(|s| s.integrity_check()).await
    }

    /// Checks the store, then backs it up, once a day while sync runs. Damage found is said
    /// (the window offers restoring a backup) and no backup is made of a damaged store.
    pub(crate) async fn daily_care(&self) {
        loop {
            // The full check (indexes against their tables too), on a connection of its own.
            let checked = self.blocking(|s| s.integrity_check()).await;
            match checked {
                Err(e) if e.code() == crate::error::ErrorCode::CacheDamaged => {
                    tracing::error!("the message store is damaged: {e}");
                    self.publish(CoreEvent::StoreDamaged {
                        detail: e.to_string(),
                    });
                    return;
                }
                Err(e) => tracing::warn!("cannot check the message store: {e}"),
                Ok(()) => {
                    let dir = self.data_dir().to_owned();
                    match self
                        .blocking(move |s| backup::automatic_backup(s, &dir, DAILY_MS))
                        .await
                    {
                        Ok(Some(made)) => tracing::info!("backup made: {}", made.display()),
                        Ok(None) => {}
                        Err(e) => tracing::warn!("the daily backup failed: {e}"),
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(DAILY_MS as u64 / 24)).await;
        }
    }
}
