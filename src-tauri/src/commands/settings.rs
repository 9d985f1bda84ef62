//! The shop owner's choices and what the window tells the app about itself: which chat is
//! open (for notifications), the notifications' words and settings, starting at login, the
//! first paint, and diagnostics.

use sportello_core::model::ConversationId;
use sportello_core::notify::NotificationSettings;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::notifications::Words;
use crate::state::AppState;

/// The chat on screen (None: the list only); a notification for it would be noise.
#[tauri::command]
pub async fn viewing(
    state: State<'_, AppState>,
    conversation_id: Option<ConversationId>,
) -> CommandResult<()> {
    state
        .attention
        .update_focus(|f| f.open_conversation = conversation_id);
    Ok(())
}

/// The notifications' words in the UI's language (new messages, and the tray hint).
#[tauri::command]
pub async fn set_notification_words(state: State<'_, AppState>, words: Words) -> CommandResult<()> {
    state.attention.set_words(words);
    Ok(())
}

#[tauri::command]
pub async fn notification_settings(
    state: State<'_, AppState>,
) -> CommandResult<NotificationSettings> {
    Ok(state.inbox.notification_settings().await?)
}

#[tauri::command]
pub async fn set_notification_settings(
    state: State<'_, AppState>,
    settings: NotificationSettings,
) -> CommandResult<()> {
    Ok(state.inbox.set_notification_settings(settings).await?)
}

/// The window has painted the inbox for the first time since launch. Kept for diagnostics and
/// printed, so a launch can be timed from outside (bench/: cold start).
#[tauri::command]
pub async fn first_paint(state: State<'_, AppState>) -> CommandResult<()> {
    let ms = crate::launch::since_launch_ms();
    if state.window.painted_at(ms) {
        tracing::info!(ms, "the window showed the inbox");
        println!("first paint after {ms} ms");
    }
    Ok(())
}

/// What to paste in a support request: versions, accounts and their state, the recent log.
/// Built from what the app already shows and logs, neither of which holds secrets.
#[tauri::command]
pub async fn diagnostics(state: State<'_, AppState>) -> CommandResult<String> {
    let mut out = format!(
        "Sportello {} on {} {}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    if let Some(ms) = state.window.first_paint_ms() {
        out.push_str(&format!("window ready {ms} ms after launch\n"));
    }
    let states = state.inbox.account_states();
    for a in state.inbox.accounts().await? {
        let s = states
            .iter()
            .find(|s| s.account_id == a.id)
            .map(|s| serde_json::to_string(&s.state).unwrap_or_default())
            .unwrap_or_else(|| "not syncing".into());
        out.push_str(&format!(
            "account {} {} {:?}: {s}\n",
            a.id,
            a.channel.as_str(),
            a.name
        ));
    }
    out.push_str("\nrecent log:\n");
    out.push_str(&recent_log(&state.log_dir, 200));
    Ok(out)
}

fn recent_log(dir: &std::path::Path, lines: usize) -> String {
    let newest = std::fs::read_dir(dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("sportello"))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    let Some(file) = newest else {
        return "(no log file)".into();
    };
    let text = std::fs::read_to_string(file.path()).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Whether Sportello starts when the owner logs in.
#[tauri::command]
pub async fn autostart(app: AppHandle) -> CommandResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    Ok(app.autolaunch().is_enabled().unwrap_or(false))
}

#[tauri::command]
pub async fn set_autostart(app: AppHandle, on: bool) -> CommandResult<()> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(|e| sportello_core::Error::AutostartFailed(e.to_string()).into())
}
