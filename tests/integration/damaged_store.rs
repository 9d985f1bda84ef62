//! A damaged message store in the real window: an emptied store (once re-created empty, the
//! accounts gone) shows only the damage with Restore; Restore restarts the app with the newest
//! backup in place and the damaged file kept aside.

use std::time::{Duration, Instant};

use sportello_core::{paths, Inbox};
use sportello_e2e::desktop::app_pid;
use sportello_e2e::{shop_with_chats, wait_for, AppWindow, TOKEN};
use sportello_sim::testkit::SimProcess;

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_store_stops_on_one_screen_and_restore_brings_the_backup_back() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    {
        let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
        inbox.backup(None).await.unwrap();
    }
    let cache = paths::cache_file(data.path());
    std::fs::write(&cache, b"").unwrap();

    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    wait_for(d, "the damage screen", "[data-testid=store-damaged]").await;
    assert_eq!(
        std::fs::metadata(&cache).unwrap().len(),
        0,
        "not re-created empty"
    );
    // The app restarts on this click, so the driver may never hear back from it.
    let _ = wait_for(d, "Restore", "[data-testid=restore-backup]")
        .await
        .click()
        .await;

    // The app restarts (outside the driver's session) and restores before opening the store.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let restored = std::fs::metadata(&cache)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if restored && app_pid(data.path()).is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the backup was never put back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Give the restarted app its moment, then close it and read the shop back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    if let Some(pid) = app_pid(data.path()) {
        let _ = std::process::Command::new("kill")
            .arg(pid.to_string())
            .status();
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while app_pid(data.path()).is_some() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(app);
    let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
    let titles: Vec<String> = inbox
        .conversations(10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert!(titles.contains(&"Giulia".to_string()), "{titles:?}");
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .count();
    assert_eq!(aside, 1, "the damaged file kept aside");
}
