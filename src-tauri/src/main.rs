//! The Sportello desktop app: a thin Tauri shell around sportello-core. Commands read from and
//! write to core; core's events are forwarded to the window. No business logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod bridge;
mod commands;
mod damage;
mod demo;
mod error;
mod events;
mod files;
mod launch;
mod logs;
mod notifications;
mod state;
mod tray;
mod tray_badge;
mod webhook;
mod window;
mod window_events;

use sportello_core::paths;
use tauri::Manager;

use state::AppState;

/// Keeps the damaged-store screen's scratch folder until the app ends.
struct ScratchDir(#[allow(dead_code)] Option<tempfile::TempDir>);

/// The longest sync waits for the window's first paint before starting anyway.
const SYNC_WAITS_FOR_WINDOW: std::time::Duration = std::time::Duration::from_secs(3);

fn main() {
    launch::STARTED.get_or_init(std::time::Instant::now);
    // Read while the process has one thread: the time zone for quiet hours.
    let local_offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let data_dir = match paths::data_dir(launch::data_dir_arg().as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Sportello could not start: {e}");
            std::process::exit(1);
        }
    };
    let log_dir = data_dir.join("logs");
    let _ = paths::create_private_dir(&log_dir);
    let _log_guard = logs::init(&log_dir);
    // One window per data folder: a second launch on the usual folder brings the first
    // forward. (A folder given explicitly is a separate shop, e.g. in tests.)
    let mut builder = tauri::Builder::default();
    if !launch::explicit_data_dir() {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show(app);
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
            let (inbox, damage, scratch) = damage::open(&data_dir)?;
            // The scratch folder lives as long as the app.
            app.manage(ScratchDir(scratch));
            // The window may read attachments' files, and nothing else on disk.
            let media = data_dir.join("media");
            paths::create_private_dir(&media)?;
            app.asset_protocol_scope().allow_directory(&media, false)?;
            events::forward(app.handle().clone(), inbox.subscribe());
            let mut state = AppState::new(inbox, local_offset, log_dir.clone());
            state.damage = damage;
            app.manage(state.clone());
            notifications::start(app.handle().clone(), state.notifier());
            if let Err(e) = tray::create(app.handle(), state.inbox.clone()) {
                // A desktop without a tray still gets the window; closing it then quits.
                tracing::warn!("no tray icon: {e}");
            }
            // The window first: on a 2-core laptop, sync's start (keyring, network, the
            // receiver) slows the first paint. It starts once the inbox is on screen, or after
            // a few seconds whatever the window does.
            tauri::async_runtime::spawn(async move {
                let window = state.window.clone();
                let _ =
                    tokio::time::timeout(SYNC_WAITS_FOR_WINDOW, window.painted.notified()).await;
                state.start_sync().await
            });
            Ok(())
        })
        .on_window_event(window_events::handle)
        .invoke_handler(tauri::generate_handler![
            commands::accounts::list_accounts,
            commands::reach::customer,
            commands::reach::merge_customers,
            commands::reach::undo_merge,
            commands::reach::merge_suggestions,
            commands::reach::decline_merge,
            commands::reach::add_consent,
            commands::reach::withdraw_consent,
            commands::reach::list_broadcasts,
            commands::reach::create_broadcast,
            commands::reach::broadcast_preflight,
            commands::reach::send_broadcast,
            commands::reach::broadcast_report,
            commands::reach::list_posters,
            commands::reach::save_poster,
            commands::reach::remove_poster,
            commands::reach::save_poster_files,
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
            commands::contact::contact_card,
            commands::contact::notes,
            commands::contact::write_note,
            commands::contact::remove_note,
            commands::conversations::chat_counts,
            commands::conversations::conversation,
            commands::conversations::mark_done,
            commands::conversations::reopen,
            commands::conversations::snooze,
            commands::conversations::follow_up,
            commands::conversations::label_conversation,
            commands::conversations::unlabel_conversation,
            commands::hours::opening_hours,
            commands::hours::hours_now,
            commands::hours::set_opening_hours,
            commands::hours::auto_replies,
            commands::hours::set_auto_message,
            commands::hours::save_faq_card,
            commands::hours::remove_faq_card,
            commands::hours::switch_faq,
            commands::hours::test_faq,
            commands::hours::figures,
            commands::damage::store_damage,
            commands::damage::restore_latest_backup,
            commands::labels::list_labels,
            commands::labels::save_label,
            commands::labels::remove_label,
            commands::quick_replies::list_quick_replies,
            commands::quick_replies::save_quick_reply,
            commands::quick_replies::remove_quick_reply,
            commands::quick_replies::order_quick_replies,
            commands::quick_replies::render_quick_reply,
            commands::quick_replies::send_quick_reply_file,
            commands::quick_replies::export_quick_replies,
            commands::quick_replies::import_quick_replies,
            commands::messages::search_notes,
            commands::messages::schedule_message,
            commands::messages::reschedule_message,
            commands::messages::cancel_scheduled,
            commands::messages::list_messages,
            commands::messages::export_chat,
            commands::messages::send_message,
            commands::messages::search_messages,
            commands::messages::attachment_file,
            commands::messages::open_attachment,
            commands::messages::pick_files,
            commands::messages::send_files,
            commands::messages::retry_message,
            commands::messages::discard_message,
            commands::messages::messages_around,
            commands::messages::list_messages_after,
            commands::messages::first_unread,
            commands::accounts::add_whatsapp_account,
            commands::accounts::reconnect_meta_account,
            commands::accounts::add_messenger_account,
            commands::accounts::set_human_agent,
            commands::messages::typing,
            commands::settings::viewing,
            commands::settings::set_notification_words,
            commands::settings::notification_settings,
            commands::settings::set_notification_settings,
            commands::conversations::set_muted,
            commands::settings::diagnostics,
            commands::settings::first_paint,
            commands::settings::autostart,
            commands::settings::set_autostart,
            commands::accounts::webhook_setup,
            commands::messages::list_templates,
            commands::messages::send_template,
            commands::messages::react_to_message,
            commands::conversations::start_chat,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("Sportello could not start: {e}");
        std::process::exit(1);
    }
}
