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
}

impl AppState {
    pub fn new(inbox: Inbox) -> Self {
        AppState {
            inbox,
            demo: Arc::default(),
            sync_problem: Arc::default(),
            receiver: Arc::default(),
            receiver_status: Arc::default(),
        }
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
        let lock = self.inbox.lock_sync()?;
        crate::demo::resume(self).await?;
        self.inbox.start_sync(lock).await?;
        crate::webhook::start(self).await;
        Ok(())
    }
}
