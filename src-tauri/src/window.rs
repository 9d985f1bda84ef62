//! The main window's life: bringing it forward, whether closing it keeps Sportello in the tray,
//! and its first paint (sync starts only after it, so the inbox shows first on a small laptop).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tauri::{AppHandle, Manager};

/// Shows, unminimizes and focuses the window (from the tray, a notification, a second launch).
pub fn show(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

pub struct WindowLife {
    /// Closing the window hides it to the tray (the default) rather than quitting.
    keep_in_tray: AtomicBool,
    /// How long from launch until the window first showed the inbox (for diagnostics).
    first_paint_ms: Mutex<Option<u128>>,
    /// Told once the window has shown the inbox: sync starts then, not while it is drawing.
    pub painted: tokio::sync::Notify,
}

impl Default for WindowLife {
    fn default() -> Self {
        WindowLife {
            keep_in_tray: AtomicBool::new(true),
            first_paint_ms: Mutex::default(),
            painted: tokio::sync::Notify::new(),
        }
    }
}

impl WindowLife {
    pub fn keeps_running_in_tray(&self) -> bool {
        self.keep_in_tray.load(Ordering::Relaxed)
    }

    pub fn set_keep_in_tray(&self, keep: bool) {
        self.keep_in_tray.store(keep, Ordering::Relaxed);
    }

    pub fn first_paint_ms(&self) -> Option<u128> {
        *self
            .first_paint_ms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// The window painted the inbox `ms` after launch. True the first time only.
    pub fn painted_at(&self, ms: u128) -> bool {
        let mut first = self
            .first_paint_ms
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if first.is_some() {
            return false;
        }
        *first = Some(ms);
        self.painted.notify_one();
        true
    }
}
