//! The damaged-store screen: what is wrong, and restoring the newest backup (see damage.rs).

use std::path::Path;

use sportello_core::Error;
use tauri::{AppHandle, State};

use crate::damage::{StoreDamage, RESTORE_REQUEST};
use crate::error::CommandResult;
use crate::state::AppState;

/// The damage found at start (None: the store is sound).
#[tauri::command]
pub fn store_damage(state: State<'_, AppState>) -> Option<StoreDamage> {
    state.damage.clone()
}

/// Restores the newest backup: asks for it and restarts, so it is done before the store opens.
/// (Damage found while running, by the daily check, is restored the same way.)
#[tauri::command]
pub fn restore_latest_backup(app: AppHandle, state: State<'_, AppState>) -> CommandResult<()> {
    let data_dir = match &state.damage {
        Some(damage) => Path::new(&damage.data_dir).to_owned(),
        None => state.inbox.data_dir().to_owned(),
    };
    if sportello_core::store::backup::backups(&data_dir).is_empty() {
        return Err(Error::InvalidInput("There is no backup to restore yet.".into()).into());
    }
    let request = data_dir.join(RESTORE_REQUEST);
    std::fs::write(&request, b"").map_err(|e| Error::StoreUnavailable {
        path: request.display().to_string(),
        detail: e.to_string(),
    })?;
    app.restart();
}
