//! Doing what the desktop does to the app window, where WebDriver cannot: a window manager's
//! close button sends the window WM_DELETE_WINDOW (WebDriver's "close window" closes the web
//! view instead, which the app never hears about).

use std::path::Path;

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

/// The pid of the `sportello` process running on `data_dir` (tauri-driver starts it, so its
/// pid is found by the data dir in its environment).
pub fn app_pid(data_dir: &Path) -> Option<u32> {
    let wanted = format!("SPORTELLO_DATA_DIR={}", data_dir.display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let program = cmdline.split(|b| *b == 0).next()?;
            if !program.ends_with(b"/sportello") {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .split(|b| *b == 0)
                .any(|var| var == wanted.as_bytes())
                .then_some(pid)
        })
}

/// Asks the visible top-level window of process `pid` to close, as a click on its title bar's
/// close button would. False when that process shows no window.
pub fn close_window_of(pid: u32) -> Result<bool, String> {
    let (conn, screen) = x11rb::connect(None).map_err(|e| e.to_string())?;
    let root = conn.setup().roots[screen].root;
    let atom = |name: &str| -> Result<u32, String> {
        Ok(conn
            .intern_atom(false, name.as_bytes())
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?
            .atom)
    };
    let (net_wm_pid, protocols, delete) = (
        atom("_NET_WM_PID")?,
        atom("WM_PROTOCOLS")?,
        atom("WM_DELETE_WINDOW")?,
    );
    let Some(window) = find_window(&conn, root, pid, net_wm_pid)? else {
        return Ok(false);
    };
    let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
    conn.send_event(false, window, EventMask::NO_EVENT, event)
        .map_err(|e| e.to_string())?;
    conn.flush().map_err(|e| e.to_string())?;
    Ok(true)
}

fn find_window(
    conn: &RustConnection,
    parent: Window,
    pid: u32,
    net_wm_pid: u32,
) -> Result<Option<Window>, String> {
    // Other tests' windows come and go meanwhile: one gone since it was listed is skipped.
    let Ok(tree) = conn.query_tree(parent).map_err(|e| e.to_string())?.reply() else {
        return Ok(None);
    };
    for window in tree.children {
        let owner = conn
            .get_property(false, window, net_wm_pid, AtomEnum::CARDINAL, 0, 1)
            .map_err(|e| e.to_string())?
            .reply()
            .ok()
            .and_then(|p| p.value32().and_then(|mut v| v.next()));
        let viewable = conn
            .get_window_attributes(window)
            .map_err(|e| e.to_string())?
            .reply()
            .is_ok_and(|a| a.map_state == MapState::VIEWABLE);
        if owner == Some(pid) && viewable {
            return Ok(Some(window));
        }
        if let Some(found) = find_window(conn, window, pid, net_wm_pid)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}
