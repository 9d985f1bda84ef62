//! Desktop notifications, observed where a desktop sees them: the Notify calls on the D-Bus
//! session, answered by a real notification daemon (dunst). One customer message makes one
//! notification naming them and the channel; a muted chat makes none; a burst is grouped.
//! Closing the window the first time says that Sportello went on running in the tray.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sportello_e2e::{
    conversation_named, desktop, eventually, from_chat_menu, shop_with_chats, wait_for, AppWindow,
    TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;

/// (summary, body) of every notification shown on the session bus while it runs.
struct Monitor {
    child: Child,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl Monitor {
    fn start() -> Monitor {
        let mut child = Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (Debian package dbus-bin)");
        let stdout = child.stdout.take().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        std::thread::spawn(move || {
            // A Notify call's arguments: app name, replaces id, icon, summary, body, …
            let mut strings: Option<Vec<String>> = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("method call") {
                    strings = line.contains("member=Notify").then(Vec::new);
                } else if let (Some(s), Some(text)) =
                    (strings.as_mut(), line.trim().strip_prefix("string \""))
                {
                    s.push(text.trim_end_matches('"').to_owned());
                    if s.len() == 4 {
                        if s[0] == "Sportello" {
                            into.lock().unwrap().push((s[2].clone(), s[3].clone()));
                        }
                        strings = None;
                    }
                }
            }
        });
        std::thread::sleep(Duration::from_millis(300));
        Monitor { child, seen }
    }

    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
    }

    /// Notifications about `who` ("Nora · Telegram"; "Sportello" for a grouped one), after any
    /// burst has settled.
    async fn settled_for(&self, who: &str) -> Vec<(String, String)> {
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let about = format!("{who} · ");
        self.seen()
            .into_iter()
            .filter(|(s, _)| s == who || s.starts_with(&about))
            .collect()
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_per_message_none_when_muted_and_bursts_grouped() {
    let sim = SimProcess::spawn(TOKEN);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    let monitor = Monitor::start();
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("the inbox", WAIT, || conversation_named(d, "João")).await;

    let nora = Customer::new(9101, "Nora");
    control
        .customer_says(&nora, "Avete il pane di segale?")
        .await;
    eventually("Nora's notification", WAIT, || async {
        (!monitor.seen().iter().all(|(s, _)| !s.starts_with("Nora"))).then_some(())
    })
    .await;
    assert_eq!(
        monitor.settled_for("Nora").await,
        [(
            "Nora · Telegram".to_owned(),
            "Avete il pane di segale?".to_owned()
        )],
        "exactly one, with who, where and what"
    );

    // Mute Nora's chat, then look at another chat: her next message stays silent.
    conversation_named(d, "Nora")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    from_chat_menu(d, "mute").await;
    conversation_named(d, "João")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    control.customer_says(&nora, "Ci siete?").await;
    eventually("her message in the list", WAIT, || async {
        let row = conversation_named(d, "Nora").await?;
        let text = row.prop("textContent").await.ok()??;
        text.contains("Ci siete?").then_some(())
    })
    .await;
    assert_eq!(
        monitor.settled_for("Nora").await.len(),
        1,
        "nothing new for a muted chat"
    );

    // A burst: five messages in three chats make one notification.
    let burst: Vec<(Customer, String)> = [
        (9201, "Piero"),
        (9202, "Rita"),
        (9203, "Sara"),
        (9201, "Piero"),
        (9202, "Rita"),
    ]
    .iter()
    .map(|(id, name)| (Customer::new(*id, name), format!("Ordine da {name}")))
    .collect();
    control.customers_say(&burst).await;
    eventually("the burst's notification", WAIT, || async {
        monitor
            .seen()
            .iter()
            .any(|(_, body)| body.contains("5"))
            .then_some(())
    })
    .await;
    let grouped = monitor.settled_for("Sportello").await;
    // In the window's language (another test may have switched it): "5 … 3 …".
    assert_eq!(
        grouped.len(),
        1,
        "one notification for the burst: {grouped:?}"
    );
    let body = &grouped[0].1;
    assert!(body.starts_with('5') && body.contains(" 3 "), "{body}");
    assert!(
        monitor
            .seen()
            .iter()
            .all(|(s, _)| !["Piero", "Rita", "Sara"].iter().any(|n| s.starts_with(n))),
        "no separate notifications for the burst's messages"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_leaves_sportello_in_the_tray_and_says_so_once() {
    let data = tempfile::tempdir().unwrap();
    let monitor = Monitor::start();
    // In whichever language another test left the window (ui/src/lib/i18n: keptRunning).
    const HINTS: [&str; 4] = [
        "Sportello keeps running",
        "Sportello resta attivo",
        "O Sportello continua aberto",
        "Sportello sigue abierto",
    ];
    let hints = || {
        monitor
            .seen()
            .into_iter()
            .filter(|(s, _)| HINTS.contains(&s.as_str()))
            .count()
    };
    for launch in 0..2 {
        let app = AppWindow::launch_keeping_tray(data.path()).await;
        let d = &app.driver;
        // The window has told the app its words (the hint is in the window's language).
        wait_for(d, "the welcome screen", "[data-testid=add-channel]").await;
        let pid = desktop::app_pid(data.path()).expect("the app's process");
        // The close button, as the window manager delivers it.
        assert!(desktop::close_window_of(pid).unwrap(), "a window to close");
        eventually("the window to hide", WAIT, || async {
            (!desktop::close_window_of(pid).unwrap()).then_some(())
        })
        .await;
        if launch == 0 {
            eventually("the tray hint", WAIT, || async {
                (hints() > 0).then_some(())
            })
            .await;
        } else {
            tokio::time::sleep(Duration::from_millis(2500)).await;
        }
        assert_eq!(
            desktop::app_pid(data.path()),
            Some(pid),
            "still running in the tray"
        );
        app.quit().await;
    }
    assert_eq!(hints(), 1, "said the first time only: {:?}", monitor.seen());
}
