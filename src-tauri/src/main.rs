//! The Sportello desktop app: a thin Tauri shell around sportello-core. Commands read from and
//! write to core; core's events are forwarded to the window. No business logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod bridge;
mod commands;
mod demo;
mod error;
mod events;
mod files;
mod notifications;
mod state;
mod tray;
mod tray_badge;
mod webhook;

use std::path::PathBuf;

use sportello_core::{paths, Inbox};
use tauri::{Emitter, Manager};

use state::AppState;

/// The value after `flag` on the command line (the app takes two: `--data-dir DIR`, which
/// wins over `SPORTELLO_DATA_DIR` and the OS default, and `--webhook-listen ADDR:PORT`).
pub(crate) fn arg_value(flag: &str) -> Option<String> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next().and_then(|v| v.into_string().ok());
        }
    }
    None
}

fn data_dir_arg() -> Option<PathBuf> {
    arg_value("--data-dir").map(PathBuf::from)
}

/// Logs go to stderr and to a daily file in `<data dir>/logs` (a week is kept). Secrets never
/// reach a log line: they are [`sportello_core::Sensitive`] everywhere.
fn init_logs(log_dir: &std::path::Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
    };
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("sportello")
        .filename_suffix("log")
        .max_log_files(7)
        .build(log_dir);
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    match file {
        Ok(file) => {
            let (writer, guard) = tracing_appender::non_blocking(file);
            tracing_subscriber::registry()
                .with(filter())
                .with(stderr)
                .with(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer),
                )
                .init();
            Some(guard)
        }
        Err(e) => {
            tracing_subscriber::registry()
                .with(filter())
                .with(stderr)
                .init();
            tracing::warn!("no log file in {}: {e}", log_dir.display());
            None
        }
    }
}

/// The longest sync waits for the window's first paint before starting anyway.
const SYNC_WAITS_FOR_WINDOW: std::time::Duration = std::time::Duration::from_secs(3);

/// When the process started, for the time the window takes to show the inbox.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    // Read while the process has one thread: the time zone for quiet hours.
    let local_offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let data_dir = match paths::data_dir(data_dir_arg().as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Sportello could not start: {e}");
            std::process::exit(1);
        }
    };
    let log_dir = data_dir.join("logs");
    let _ = std::fs::create_dir_all(&log_dir);
    let _log_guard = init_logs(&log_dir);
    // One window per data folder: a second launch on the usual folder brings the first
    // forward. (A folder given explicitly is a separate shop, e.g. in tests.)
    let explicit_folder =
        data_dir_arg().is_some() || std::env::var_os("SPORTELLO_DATA_DIR").is_some();

    let mut builder = tauri::Builder::default();
    if !explicit_folder {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_window(app);
        }));
    }
    let result = builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .setup(move |app| {
            tracing::info!("data dir: {}", data_dir.display());
            let inbox = Inbox::open(&data_dir, sportello_channels::connect)?;
            // The window may read attachments' files, and nothing else on disk.
            let media = data_dir.join("media");
            std::fs::create_dir_all(&media)?;
            app.asset_protocol_scope().allow_directory(&media, false)?;
            events::forward(app.handle().clone(), inbox.subscribe());
            let state = AppState::new(inbox, local_offset, log_dir.clone());
            app.manage(state.clone());
            notifications::start(app.handle().clone(), state.clone());
            if let Err(e) = tray::create(app.handle(), state.clone()) {
                // A desktop without a tray still gets the window; closing it then quits.
                tracing::warn!("no tray icon: {e}");
            }
            // The window first: on a 2-core laptop, sync's start (keyring, network, the
            // receiver) slows the first paint. It starts once the inbox is on screen, or after
            // a few seconds whatever the window does.
            tauri::async_runtime::spawn(async move {
                let painted = state.painted.clone();
                let _ = tokio::time::timeout(SYNC_WAITS_FOR_WINDOW, painted.notified()).await;
                state.start_sync().await
            });
            Ok(())
        })
        .on_window_event(|window, event| match event {
            // Files dropped on the window are offered to the open chat, by name.
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                let state = window.app_handle().state::<AppState>();
                let offer = state
                    .offered_files
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .offer(paths.clone());
                if let Some(offer) = offer {
                    let _ = window.emit(events::FILES_OFFERED_EVENT, offer);
                }
            }
            tauri::WindowEvent::Focused(focused) => {
                let attention = notifications::attention(window.app_handle());
                attention
                    .focus
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .focused = *focused;
            }
            // Closing the window keeps Sportello receiving in the tray (unless the owner chose
            // otherwise); Quit is in the tray's menu.
            tauri::WindowEvent::CloseRequested { api, .. }
                if window.app_handle().tray_by_id("main").is_some()
                    && window
                        .app_handle()
                        .state::<AppState>()
                        .keeps_running_in_tray() =>
            {
                api.prevent_close();
                let _ = window.hide();
                commands::settings::hint_tray_once(window.app_handle().clone());
            }
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::accounts::list_accounts,
            commands::accounts::add_telegram_account,
            commands::accounts::remove_account,
            commands::accounts::rename_account,
            commands::accounts::keyring_status,
            commands::accounts::start_demo,
            commands::accounts::reconnect_telegram_account,
            commands::accounts::take_over_account,
            commands::accounts::account_states,
            commands::accounts::sync_status,
            commands::conversations::list_conversations,
            commands::conversations::mark_read,
            commands::conversations::mark_unread,
            commands::conversations::set_draft,
            commands::conversations::set_pinned,
            commands::conversations::set_archived,
            commands::conversations::contact_card,
            commands::messages::list_messages,
            commands::messages::send_message,
            commands::messages::search_messages,
            commands::messages::attachment_file,
            commands::messages::open_attachment,
            commands::files::pick_files,
            commands::files::send_files,
            commands::messages::retry_message,
            commands::messages::discard_message,
            commands::messages::messages_around,
            commands::messages::list_messages_after,
            commands::messages::first_unread,
            commands::whatsapp::add_whatsapp_account,
            commands::whatsapp::reconnect_meta_account,
            commands::messenger::add_messenger_account,
            commands::messenger::set_human_agent,
            commands::messenger::typing,
            commands::settings::viewing,
            commands::settings::set_notification_words,
            commands::settings::notification_settings,
            commands::settings::set_notification_settings,
            commands::settings::set_muted,
            commands::settings::diagnostics,
            commands::settings::first_paint,
            commands::settings::autostart,
            commands::settings::set_autostart,
            commands::whatsapp::webhook_setup,
            commands::whatsapp::list_templates,
            commands::whatsapp::send_template,
            commands::whatsapp::react_to_message,
            commands::whatsapp::start_chat,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("Sportello could not start: {e}");
        std::process::exit(1);
    }
}
