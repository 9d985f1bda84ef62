//! The app's one shared state, made of the parts each feature owns: the inbox, the demo's
//! simulator, the webhook receiver, where the owner is looking (notifications), the files
//! offered to the window, and the window's life. Features take their part, never the whole,
//! so no module both holds and is held by the state.

use std::sync::{Arc, Mutex};

use sportello_core::{Error, ErrorPayload, Inbox};

use crate::demo::Demo;
use crate::files::OfferedFiles;
use crate::notifications::{Attention, Notifier};
use crate::webhook::WebhookReceiver;
use crate::window::WindowLife;

#[derive(Clone)]
pub struct AppState {
    pub inbox: Inbox,
    pub demo: Demo,
    pub receiver: WebhookReceiver,
    /// Where the shop owner is looking, for notifications.
    pub attention: Arc<Attention>,
    pub window: Arc<WindowLife>,
    /// Files the owner dropped or picked, until sent (the window knows them by id).
    pub offered_files: Arc<Mutex<OfferedFiles>>,
    /// Set when this window cannot sync (another Sportello holds the data dir).
    sync_problem: Arc<Mutex<Option<ErrorPayload>>>,
    /// The computer's time zone, read once at start (quiet hours are local time).
    local_offset: time::UtcOffset,
    /// Where logs are written, for "copy diagnostics".
    pub log_dir: std::path::PathBuf,
    /// The shop's store is damaged: this inbox is a scratch one, and the window says so.
    pub damage: Option<crate::damage::StoreDamage>,
}

impl AppState {
    pub fn new(inbox: Inbox, local_offset: time::UtcOffset, log_dir: std::path::PathBuf) -> Self {
        AppState {
            inbox,
            demo: Demo::default(),
            receiver: WebhookReceiver::default(),
            attention: Arc::default(),
            window: Arc::default(),
            offered_files: Arc::default(),
            sync_problem: Arc::default(),
            local_offset,
            log_dir,
            damage: None,
        }
    }

    /// What notifications need from the state.
    pub fn notifier(&self) -> Notifier {
        Notifier {
            inbox: self.inbox.clone(),
            attention: self.attention.clone(),
            local_offset: self.local_offset,
        }
    }

    /// The one file of an offer the owner picked or dropped (for a quick reply or a FAQ card);
    /// an offer is used once.
    pub fn take_offered_file(
        &self,
        offer: Option<u64>,
    ) -> Result<Option<std::path::PathBuf>, Error> {
        let Some(offer) = offer else {
            return Ok(None);
        };
        self.offered_files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(offer)
            .and_then(|files| files.into_iter().next())
            .map(Some)
            .ok_or_else(|| {
                Error::InvalidInput("Choose the file again; it was already used.".into())
            })
    }

    pub fn sync_problem(&self) -> Option<ErrorPayload> {
        self.sync_problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Claims the data dir and starts syncing every account; demo accounts first get their
    /// simulator back.
    pub async fn start_sync(&self) {
        if self.damage.is_some() {
            // A scratch inbox: nothing to sync until a backup is restored.
            return;
        }
        if let Err(e) = self.try_start_sync().await {
            tracing::warn!(code = %e.code(), "sync not started: {e}");
            *self.sync_problem.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(ErrorPayload::from(&e));
        }
    }

    async fn try_start_sync(&self) -> Result<(), Error> {
        let keep: KeepInTray = self.inbox.setting("keep_running_in_tray").await?;
        self.window.set_keep_in_tray(keep.0);
        let lock = self.inbox.lock_sync()?;
        self.demo.resume(&self.inbox).await?;
        self.inbox.start_sync(lock).await?;
        self.receiver.start(&self.inbox).await;
        Ok(())
    }
}

/// "Keep running in the tray when the window is closed": on unless the owner turned it off.
#[derive(serde::Deserialize)]
struct KeepInTray(bool);

impl Default for KeepInTray {
    fn default() -> Self {
        KeepInTray(true)
    }
}
