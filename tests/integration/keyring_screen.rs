//! A computer without a Secret Service: the window opens on a screen that says what is wrong and
//! how to fix it, and once a keyring answers, "Try again" lets the shop owner carry on.
//!
//! The app gets a session bus of its own that has no keyring and cannot start one (no service
//! files to activate), like a desktop without gnome-keyring or KWallet installed. The test then
//! starts a real gnome-keyring on that bus, as installing one would.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use sportello_e2e::{click, eventually, text_in, wait_for, AppWindow, WAIT};
use thirtyfour::prelude::*;

/// A private D-Bus session bus, stopped (with whatever joined it) when dropped.
struct Bus {
    daemon: Child,
    address: String,
    _config: tempfile::NamedTempFile,
}

impl Bus {
    fn start() -> Bus {
        let mut config = tempfile::NamedTempFile::new().unwrap();
        // No <servicedir>: nothing can be activated, so no keyring appears by itself.
        write!(
            config,
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.path().display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian package dbus-bin)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        Bus {
            daemon,
            address: address.trim().to_owned(),
            _config: config,
        }
    }

    /// Starts gnome-keyring's Secret Service on this bus with a new, unlocked login keyring in
    /// `home` (never the test session's own keyring files).
    fn start_keyring(&self, home: &std::path::Path) {
        let runtime = home.join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon");
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"keyring-screen-test")
            .unwrap();
        // It forks its daemon and exits; the daemon leaves with the bus.
        keyring.wait().unwrap();
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_the_window_says_how_to_get_one_and_recovers() {
    let bus = Bus::start();
    let data = tempfile::tempdir().unwrap();
    let app = AppWindow::launch_with(
        data.path(),
        "127.0.0.1:0",
        &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)],
    )
    .await;
    let d = &app.driver;

    wait_for(
        d,
        "the missing-keyring screen",
        "[data-testid=keyring-problem][data-state=missing]",
    )
    .await;
    let said = text_in(d, "[data-testid=keyring-problem]").await;
    // In whichever language another test left the window in; the package name is in all.
    assert!(
        said.contains("sudo apt install gnome-keyring"),
        "says what to install: {said}"
    );
    assert!(
        !text_in(d, "[data-testid=keyring-detail]").await.is_empty(),
        "keeps the platform's words for whoever helps the shop"
    );
    app.screenshot("keyring-missing").await;

    // Still missing: trying again keeps the screen.
    click(d, "keyring-retry").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(d
        .find(By::Css("[data-testid=keyring-problem]"))
        .await
        .is_ok());

    let keyring_home = tempfile::tempdir().unwrap();
    bus.start_keyring(keyring_home.path());
    // The daemon takes its name on the bus a moment after it forks (longer on a busy machine):
    // like the owner, the test presses Try again until the keyring answers.
    eventually("the welcome screen after the fix", WAIT, || async {
        if let Ok(retry) = d.find(By::Css("[data-testid=keyring-retry]")).await {
            let _ = retry.click().await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        let gone = d
            .find(By::Css("[data-testid=keyring-problem]"))
            .await
            .is_err();
        let welcome = d.find(By::Css("[data-testid=add-channel]")).await.is_ok();
        (gone && welcome).then_some(())
    })
    .await;
    app.quit().await;
}
