//! The Sportello desktop app: a thin Tauri shell around sportello-core. Commands read from and
//! write to core; core's events are forwarded to the window. No business logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod demo;
mod error;
mod events;
mod state;
mod webhook;

use std::path::PathBuf;

use sportello_core::{paths, Inbox};
use tauri::Manager;

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

fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let data_dir = paths::data_dir(data_dir_arg().as_deref())?;
            tracing::info!("data dir: {}", data_dir.display());
            let inbox = Inbox::open(&data_dir, sportello_channels::connect)?;
            // The window may read attachments' files, and nothing else on disk.
            let media = data_dir.join("media");
            std::fs::create_dir_all(&media)?;
            app.asset_protocol_scope().allow_directory(&media, false)?;
            events::forward(app.handle().clone(), inbox.subscribe());
            let state = AppState::new(inbox);
            app.manage(state.clone());
            tauri::async_runtime::spawn(async move { state.start_sync().await });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::accounts::list_accounts,
            commands::accounts::add_telegram_account,
            commands::accounts::remove_account,
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
            commands::messages::list_messages,
            commands::messages::send_message,
            commands::messages::search_messages,
            commands::messages::attachment_file,
            commands::messages::retry_message,
            commands::messages::discard_message,
            commands::messages::messages_around,
            commands::whatsapp::add_whatsapp_account,
            commands::whatsapp::reconnect_meta_account,
            commands::messenger::add_messenger_account,
            commands::messenger::set_human_agent,
            commands::messenger::typing,
            commands::whatsapp::webhook_setup,
            commands::whatsapp::list_templates,
            commands::whatsapp::send_template,
            commands::whatsapp::react_to_message,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("Sportello could not start: {e}");
        std::process::exit(1);
    }
}
