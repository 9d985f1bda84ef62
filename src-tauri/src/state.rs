//! The app's one shared state: the inbox, the demo simulator when it runs, and why sync is not
//! running, if it is not.

use std::sync::{Arc, Mutex};

use sportello_core::{Error, ErrorPayload, Inbox};
use sportello_sim::Sim;

#[derive(Clone)]
pub struct AppState {
    pub inbox: Inbox,
    /// The in-process simulator behind demo accounts, while the app runs.
    pub demo: Arc<tokio::sync::Mutex<Option<Sim>>>,
    /// Set when this window cannot sync (another Sportello holds the data dir).
    pub sync_problem: Arc<Mutex<Option<ErrorPayload>>>,
    /// The webhook receiver, while it runs (only the window that syncs receives).
    pub receiver: Arc<tokio::sync::Mutex<Option<sportello_meta::Receiver>>>,
    pub receiver_status: Arc<Mutex<crate::webhook::ReceiverStatus>>,
    /// Where the shop owner is looking, for notifications.
    pub attention: Arc<crate::notifications::Attention>,
    /// The computer's time zone, read once at start (quiet hours are local time).
    pub local_offset: time::UtcOffset,
    /// Where logs are written, for "copy diagnostics".
    pub log_dir: std::path::PathBuf,
    /// Closing the window hides it to the tray (the default) rather than quitting.
    pub keep_in_tray: Arc<std::sync::atomic::AtomicBool>,
    /// How long from launch until the window first showed the inbox (for diagnostics).
    pub first_paint_ms: Arc<Mutex<Option<u128>>>,
    /// Told once the window has shown the inbox: sync starts then, not while it is drawing.
    pub painted: Arc<tokio::sync::Notify>,
    /// Files the owner dropped or picked, until sent (the window knows them by id).
    pub offered_files: Arc<Mutex<crate::files::OfferedFiles>>,
}

impl AppState {
    pub fn new(inbox: Inbox, local_offset: time::UtcOffset, log_dir: std::path::PathBuf) -> Self {
        AppState {
            inbox,
            attention: Arc::default(),
            local_offset,
            log_dir,
            keep_in_tray: Arc::new(std::sync::atomic::AtomicBool::new(true)),
            first_paint_ms: Arc::default(),
            painted: Arc::default(),
            offered_files: Arc::default(),
            demo: Arc::default(),
            sync_problem: Arc::default(),
            receiver: Arc::default(),
            receiver_status: Arc::default(),
        }
    }

    pub fn keeps_running_in_tray(&self) -> bool {
        self.keep_in_tray.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Claims the data dir and starts syncing every account; demo accounts first get their
    /// simulator back.
    pub async fn start_sync(&self) {
        if let Err(e) = self.try_start_sync().await {
            tracing::warn!(code = e.code(), "sync not started: {e}");
            *self.sync_problem.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(ErrorPayload::from(&e));
        }
    }

    async fn try_start_sync(&self) -> Result<(), Error> {
        let keep: KeepInTray = self.inbox.setting("keep_running_in_tray").await?;
        self.keep_in_tray
            .store(keep.0, std::sync::atomic::Ordering::Relaxed);
        let lock = self.inbox.lock_sync()?;
        crate::demo::resume(self).await?;
        self.inbox.start_sync(lock).await?;
        crate::webhook::start(self).await;
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
