//! Tauri commands, one file per area of the window (accounts, the chat list, a chat's
//! messages, the contact panel, Settings and its quick replies, labels, hours and automatic replies, the Figures view); each is a
//! one-line adapter into core.

pub mod accounts;
pub mod contact;
pub mod conversations;
pub mod damage;
pub mod hours;
pub mod labels;
pub mod messages;
pub mod quick_replies;
pub mod reach;
pub mod settings;

/// A folder the owner picks in the system's dialog; None when they cancel.
pub(crate) async fn pick_folder(
    app: &tauri::AppHandle,
) -> crate::error::CommandResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().pick_folder(move |folder| {
        let _ = tx.send(folder);
    });
    let chosen = rx.await.map_err(|_| {
        sportello_core::Error::FileDialogFailed("it closed without an answer".into())
    })?;
    Ok(chosen.and_then(|p| p.into_path().ok()))
}
