//! What the window's own events do: files dropped on it are offered to the open chat, focus
//! tells notifications where the owner is, and closing keeps Sportello running in the tray.

use tauri::{Emitter, Manager, Window, WindowEvent};

use crate::state::AppState;

pub fn handle(window: &Window, event: &WindowEvent) {
    let state = window.app_handle().state::<AppState>();
    match event {
        // Files dropped on the window are offered to the open chat, by name.
        WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
            let offer = state
                .offered_files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .offer(paths.clone());
            if let Some(offer) = offer {
                let _ = window.emit(crate::events::FILES_OFFERED_EVENT, offer);
            }
        }
        WindowEvent::Focused(focused) => {
            state.attention.update_focus(|f| f.focused = *focused);
        }
        // Closing the window keeps Sportello receiving in the tray (unless the owner chose
        // otherwise); Quit is in the tray's menu.
        WindowEvent::CloseRequested { api, .. }
            if crate::tray::is_shown(window.app_handle())
                && state.window.keeps_running_in_tray() =>
        {
            api.prevent_close();
            let _ = window.hide();
            crate::tray::hint_once(state.inbox.clone(), state.attention.words());
        }
        _ => {}
    }
}
