//! The tray icon: the unread count (drawn on it by tray_badge), and Open / Pause notifications /
//! Quit. Closing the window keeps Sportello syncing here (said once, the first time); Quit stops
//! sync (the outbox state is saved) and exits.

use std::sync::atomic::{AtomicBool, Ordering};

use sportello_core::Inbox;
use tauri::menu::{CheckMenuItem, Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::AppHandle;

use crate::notifications::Words;
use crate::tray_badge;
use crate::window;

const TRAY: &str = "main";

/// Whether this desktop shows the tray icon (a desktop without a tray quits on close).
pub fn is_shown(app: &AppHandle) -> bool {
    app.tray_by_id(TRAY).is_some()
}

pub fn create(app: &AppHandle, inbox: Inbox) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Sportello", true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(
        app,
        "pause",
        "Pause notifications",
        true,
        false,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &pause, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY)
        .tooltip("Sportello")
        .menu(&menu)
        .show_menu_on_left_click(false);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let pause_item = pause.clone();
    let menu_inbox = inbox.clone();
    builder
        .on_menu_event(move |app, event| match event.id.as_ref() {
            "open" => window::show(app),
            "pause" => {
                let paused = pause_item.is_checked().unwrap_or(false);
                let inbox = menu_inbox.clone();
                tauri::async_runtime::spawn(async move {
                    if let Ok(mut s) = inbox.notification_settings().await {
                        s.paused = paused;
                        let _ = inbox.set_notification_settings(s).await;
                    }
                });
            }
            "quit" => {
                let (app, inbox) = (app.clone(), menu_inbox.clone());
                tauri::async_runtime::spawn(async move {
                    // A send in progress finishes and its fate is recorded before exiting.
                    inbox.stop_sync().await;
                    app.exit(0);
                });
            }
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                window::show(tray.app_handle());
            }
        })
        .build(app)?;
    keep_count(app.clone(), inbox);
    Ok(())
}

/// Keeps the tray's unread count current: drawn on the icon, and as label and tooltip.
fn keep_count(app: AppHandle, inbox: Inbox) {
    let mut events = inbox.subscribe();
    let base = app.default_window_icon().map(|i| i.clone().to_owned());
    let mut shown: Option<i64> = None;
    tauri::async_runtime::spawn(async move {
        loop {
            let total = inbox.unread_total().await.unwrap_or(0);
            if let Some(tray) = app.tray_by_id(TRAY).filter(|_| shown != Some(total)) {
                shown = Some(total);
                if let Some(base) = &base {
                    let _ = tray.set_icon(Some(tray_badge::with_count(base, total.max(0) as u64)));
                }
                let label = (total > 0).then(|| total.to_string());
                let _ = tray.set_title(label.as_deref());
                let _ = tray.set_tooltip(Some(match total {
                    0 => "Sportello".to_owned(),
                    n => format!("Sportello — {n} unread"),
                }));
            }
            // News moves the count up at once; reading a chat (no event) within a few seconds.
            tokio::select! {
                event = events.recv() => {
                    if let Err(tokio::sync::broadcast::error::RecvError::Closed) = event {
                        return;
                    }
                }
                _ = tokio::time::sleep(std::time::Duration::from_secs(3)) => {}
            }
        }
    });
}

/// Set once this run has decided about the hint: a close button clicked twice quickly sends
/// two close requests, and both would read "not shown yet" before either wrote it.
static HINT_DECIDED: AtomicBool = AtomicBool::new(false);

/// The first time the window is closed, say where Sportello went (in the window's words).
pub fn hint_once(inbox: Inbox, words: Words) {
    if HINT_DECIDED.swap(true, Ordering::SeqCst) {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let shown: bool = inbox.setting("tray_hint_shown").await.unwrap_or(false);
        if shown {
            return;
        }
        let _ = inbox.set_setting("tray_hint_shown", true).await;
        let _ = notify_rust::Notification::new()
            .appname("Sportello")
            .summary(&words.kept_running)
            .body(&words.kept_running_body)
            .show();
    });
}
