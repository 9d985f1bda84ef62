//! What the app was launched with: `--data-dir DIR` (which wins over `SPORTELLO_DATA_DIR` and
//! the OS default), `--webhook-listen ADDR:PORT`, and when the process started.

use std::path::PathBuf;

/// When the process started, for the time the window takes to show the inbox.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The value after `flag` on the command line.
pub fn arg_value(flag: &str) -> Option<String> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next().and_then(|v| v.into_string().ok());
        }
    }
    None
}

pub fn data_dir_arg() -> Option<PathBuf> {
    arg_value("--data-dir").map(PathBuf::from)
}

/// A data folder given explicitly is a separate shop (e.g. in tests): it gets its own window
/// rather than bringing the usual one forward.
pub fn explicit_data_dir() -> bool {
    data_dir_arg().is_some() || std::env::var_os("SPORTELLO_DATA_DIR").is_some()
}

/// Milliseconds since launch.
pub fn since_launch_ms() -> u128 {
    STARTED.get().map_or(0, |t| t.elapsed().as_millis())
}
