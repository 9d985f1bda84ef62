//! Running the real app under tauri-driver: finding the pieces, starting the driver on a free
//! port with the app's environment, and opening a WebDriver session on the app's window.

mod chats;
pub mod desktop;

pub use chats::{
    click, conversation_named, emoji_drawing, fill, from_chat_menu, pick, shop_with_chats, text_in,
    texts, texts_of, wait_for, TOKEN, WAIT,
};

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use sportello_sim::testkit::workspace_bin;
use thirtyfour::{Capabilities, WebDriver};

/// WebKitWebDriver listens on 4445 by default; tauri-driver must never be given that port.
const WEBKIT_DRIVER_PORT: u16 = 4445;

/// Two distinct free ports: tauri-driver's, and its WebKitWebDriver's. Each test gets its own
/// pair; a shared native driver would launch every test's app with the first test's environment.
fn free_ports() -> (u16, u16) {
    loop {
        let a = TcpListener::bind("127.0.0.1:0").unwrap();
        let b = TcpListener::bind("127.0.0.1:0").unwrap();
        let ports = (
            a.local_addr().unwrap().port(),
            b.local_addr().unwrap().port(),
        );
        if ports.0 != WEBKIT_DRIVER_PORT && ports.1 != WEBKIT_DRIVER_PORT {
            return ports;
        }
    }
}

fn tauri_driver() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let path = cargo_home.join("bin/tauri-driver");
    assert!(
        path.exists(),
        "tauri-driver is not installed at {}; `make test` installs it",
        path.display()
    );
    path
}

/// The app running in its real WebKit window, with a WebDriver session on it.
pub struct AppWindow {
    pub driver: WebDriver,
    tauri_driver: Child,
}

impl AppWindow {
    /// Launches `sportello` on `data_dir` under tauri-driver. Its webhook receiver takes any
    /// free port, so parallel windows never compete for one.
    pub async fn launch(data_dir: &Path) -> AppWindow {
        Self::launch_receiving_on(data_dir, "127.0.0.1:0").await
    }

    /// Launches `sportello` with its webhook receiver on `listen`. The window test closes the
    /// window to end: the shop's "close quits" choice is set first, else it would stay in the
    /// tray.
    pub async fn launch_receiving_on(data_dir: &Path, listen: &str) -> AppWindow {
        Self::launch_with(data_dir, listen, &[]).await
    }

    /// Launches `sportello` with extra environment variables (another session bus, say).
    pub async fn launch_with(data_dir: &Path, listen: &str, env: &[(&str, &str)]) -> AppWindow {
        Self::start(data_dir, listen, env, false).await
    }

    /// Launches `sportello` as shops have it: closing the window leaves it in the tray.
    pub async fn launch_keeping_tray(data_dir: &Path) -> AppWindow {
        Self::start(data_dir, "127.0.0.1:0", &[], true).await
    }

    /// Launches another build of the app (the benchmarks' release binary) on `data_dir`.
    pub async fn launch_binary(binary: &Path, data_dir: &Path, env: &[(&str, &str)]) -> AppWindow {
        Self::start_app(binary, data_dir, "127.0.0.1:0", env, false).await
    }

    async fn start(
        data_dir: &Path,
        listen: &str,
        env: &[(&str, &str)],
        keep_in_tray: bool,
    ) -> AppWindow {
        Self::start_app(
            &workspace_bin("sportello"),
            data_dir,
            listen,
            env,
            keep_in_tray,
        )
        .await
    }

    async fn start_app(
        application: &Path,
        data_dir: &Path,
        listen: &str,
        env: &[(&str, &str)],
        keep_in_tray: bool,
    ) -> AppWindow {
        match sportello_core::store::Store::open(&sportello_core::paths::cache_file(data_dir)) {
            Ok(store) => store
                .set_setting("keep_running_in_tray", &keep_in_tray)
                .expect("prepare the data dir"),
            // A damaged store is what the test is about: left as it is.
            Err(e) if e.code() == sportello_core::ErrorCode::CacheDamaged => {}
            Err(e) => panic!("prepare the data dir: {e}"),
        }
        let native = Path::new("/usr/bin/WebKitWebDriver");
        assert!(
            native.exists(),
            "WebKitWebDriver is missing (Debian package webkit2gtk-driver)"
        );
        let (port, native_port) = free_ports();
        // The app inherits tauri-driver's environment: that is how it gets its data dir.
        let tauri_driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
                "--native-driver",
            ])
            .arg(native)
            .env("SPORTELLO_DATA_DIR", data_dir)
            .env("SPORTELLO_WEBHOOK_LISTEN", listen)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not start listening on {port}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").unwrap();
        caps.set("tauri:options", json!({ "application": application }))
            .unwrap();
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("open a WebDriver session on the app window");
        AppWindow {
            driver,
            tauri_driver,
        }
    }

    /// Saves what the window shows as `<name>.png` in `$SPORTELLO_SCREENSHOTS`, when set (for
    /// looking at the UI the tests drive; not an assertion).
    pub async fn screenshot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("SPORTELLO_SCREENSHOTS") {
            let path = Path::new(&dir).join(format!("{name}.png"));
            if let Err(e) = self.driver.screenshot(&path).await {
                eprintln!("screenshot {}: {e}", path.display());
            }
        }
    }

    pub async fn quit(mut self) {
        let driver = self.driver.clone();
        let _ = driver.quit().await;
        let _ = self.tauri_driver.kill();
        let _ = self.tauri_driver.wait();
    }
}

impl Drop for AppWindow {
    fn drop(&mut self) {
        let _ = self.tauri_driver.kill();
    }
}

/// Polls `check` until it returns Some, or panics with `what` after `limit`. A wait for the
/// app to react, not a timing assertion: the limit only keeps a broken run from hanging.
pub async fn eventually<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
