//! The shop's counter from `sportello-cli`, against the simulator as separate processes: quick
//! replies filled in for the customer, labels and their groups, notes, status and who waits,
//! and a reply sent later that goes once at its time although `sync` was killed before it.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::{cli_on, SimProcess};

use crate::support::{cli, fails, json, ok, TOKEN};

/// A shop with a Telegram account on `sim` and one chat from each customer; their ids, in order.
async fn shop(
    sim: &SimProcess,
    data: &std::path::Path,
    customers: &[(i64, &str, &str)],
) -> Vec<String> {
    ok(cli(
        data,
        &[
            "accounts",
            "add",
            "telegram",
            "--name",
            "Forno Rossi",
            "--api-base",
            &sim.url,
        ],
        Some(TOKEN),
    ));
    let control = sim.control();
    for (id, name, text) in customers {
        control.customer_says(&Customer::new(*id, name), text).await;
        // A second apart, so who waits longest is clear.
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    ok(cli(data, &["sync", "--once"], None));
    let list = json(cli(data, &["conversations", "--json"], None));
    customers
        .iter()
        .map(|(_, name, _)| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|c| c["title"] == *name)
                .unwrap_or_else(|| panic!("{name} in {list}"))["id"]
                .to_string()
        })
        .collect()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_replies_labels_notes_and_status_from_the_command_line() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = shop(
        &sim,
        d,
        &[
            (811, "Giulia Bianchi", "A che ora aprite?"),
            (812, "Marco", "Avete il panettone?"),
            (813, "Lucia", "Grazie!"),
        ],
    )
    .await;
    let (giulia, marco, lucia) = (&ids[0], &ids[1], &ids[2]);

    // Everyone waits on the shop, the longest waiting first.
    let waiting = json(cli(d, &["conversations", "--needs-reply", "--json"], None));
    assert_eq!(titles(&waiting), ["Giulia Bianchi", "Marco", "Lucia"]);
    assert_eq!(waiting[0]["waiting_on"], "us");
    assert_eq!(waiting[0]["status"], "open");
    assert!(waiting[0]["waiting_since"].is_string());

    // A quick reply filled in for Giulia, sent at once.
    ok(cli(
        d,
        &[
            "quick-replies",
            "add",
            "/orari",
            "Ciao {first_name|cliente}! {shop} è aperto dalle 8 alle 19.",
        ],
        None,
    ));
    let listed = json(cli(d, &["quick-replies", "list", "--json"], None));
    assert_eq!(listed[0]["shortcut"], "orari");
    let sent = json(cli(
        d,
        &["send", giulia, "--quick-reply", "orari", "--json"],
        None,
    ));
    assert_eq!(sent[0]["status"], "sent");
    let on_telegram = sim.control().sent().await;
    assert_eq!(
        on_telegram.last().unwrap().text,
        "Ciao Giulia! Forno Rossi è aperto dalle 8 alle 19."
    );
    // Unknown variables are refused when the snippet is saved.
    let unknown = fails(&cli(d, &["quick-replies", "add", "y", "Ciao {nome}"], None));
    assert!(unknown.contains("{nome}"), "{unknown}");

    // Giulia has her answer: she is waiting on the customer side now.
    let waiting = json(cli(d, &["conversations", "--needs-reply", "--json"], None));
    assert_eq!(titles(&waiting), ["Marco", "Lucia"]);

    // Labels: an order's state is one label of its group at a time.
    for (name, group) in [("Nuovo", "ordine"), ("Pagato", "ordine")] {
        ok(cli(d, &["labels", "add", name, "--group", group], None));
    }
    ok(cli(
        d,
        &["labels", "add", "VIP", "--color", "#ff8a3d"],
        None,
    ));
    ok(cli(d, &["label", marco, "Nuovo", "VIP"], None));
    ok(cli(d, &["label", marco, "pagato"], None));
    let labelled = json(cli(d, &["conversations", "--label", "VIP", "--json"], None));
    assert_eq!(titles(&labelled), ["Marco"]);
    assert_eq!(labelled[0]["labels"], serde_json::json!(["Pagato", "VIP"]));
    ok(cli(d, &["unlabel", marco, "VIP"], None));
    let unknown_label = fails(&cli(d, &["label", marco, "Consegnato"], None));
    assert!(unknown_label.contains("Consegnato"), "{unknown_label}");

    // Notes stay here and keep what was written.
    ok(cli(
        d,
        &["notes", "add", marco, "Allergico alle noci"],
        None,
    ));
    let notes = json(cli(d, &["notes", "list", marco, "--json"], None));
    assert_eq!(notes[0]["text"], "Allergico alle noci");

    // Done, snoozed, reopened.
    ok(cli(d, &["done", lucia], None));
    let done = json(cli(
        d,
        &["conversations", "--status", "done", "--json"],
        None,
    ));
    assert_eq!(titles(&done), ["Lucia"]);
    assert_eq!(
        titles(&json(cli(
            d,
            &["conversations", "--needs-reply", "--json"],
            None
        ))),
        ["Marco"],
        "a chat marked done needs nothing"
    );
    ok(cli(
        d,
        &["snooze", marco, "--until", "2099-01-01T09:00:00+01:00"],
        None,
    ));
    let snoozed = json(cli(
        d,
        &["conversations", "--status", "snoozed", "--json"],
        None,
    ));
    assert_eq!(titles(&snoozed), ["Marco"]);
    assert_eq!(snoozed[0]["snoozed_until"], "2099-01-01T08:00:00Z");
    // Lucia writes again: her chat is open again.
    sim.control()
        .customer_says(&Customer::new(813, "Lucia"), "Ancora una domanda")
        .await;
    ok(cli(d, &["sync", "--once"], None));
    let open = json(cli(
        d,
        &["conversations", "--status", "open", "--json"],
        None,
    ));
    assert!(titles(&open).contains(&"Lucia".to_owned()), "{open}");
    ok(cli(d, &["reopen", marco], None));
    let open = json(cli(
        d,
        &["conversations", "--status", "open", "--json"],
        None,
    ));
    assert_eq!(open.as_array().unwrap().len(), 3);

    // A customer known only by a number has no first name: a snippet that needs it without a
    // fallback is refused, naming the variable, and nothing is sent.
    sim.control()
        .customer_says(&Customer::new(814, "+39 333 0000000"), "Info?")
        .await;
    ok(cli(d, &["sync", "--once"], None));
    let list = json(cli(d, &["conversations", "--json"], None));
    let number = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "+39 333 0000000")
        .unwrap()["id"]
        .to_string();
    ok(cli(
        d,
        &[
            "quick-replies",
            "add",
            "firma",
            "Saluti da {shop}, {first_name}",
        ],
        None,
    ));
    let before = sim.control().sent().await.len();
    let refused = fails(&cli(d, &["send", &number, "--quick-reply", "firma"], None));
    assert!(refused.contains("{first_name}"), "{refused}");
    assert_eq!(sim.control().sent().await.len(), before);
}

/// `send --at`: the reply waits; `sync` is killed before its time and started again; it goes
/// at its time, once.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_sent_later_goes_once_at_its_time_although_sync_was_killed() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = shop(&sim, d, &[(821, "Anna", "Ricordatemi il ritiro")]).await;
    let wait = Duration::from_secs(6);
    let at = time::OffsetDateTime::now_utc() + wait;
    let at_text = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let asked = Instant::now();
    let reply = "Il tuo ordine è pronto: ti aspettiamo!";
    let queued = json(cli(
        d,
        &["send", &ids[0], reply, "--at", &at_text, "--json"],
        None,
    ));
    assert_eq!(queued[0]["status"], "scheduled");
    assert!(queued[0]["scheduled_at"].is_string());
    let listed = json(cli(d, &["scheduled", "list", "--json"], None));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // `sync --once` before its time says it waits, and for when.
    let said = cli(d, &["sync", "--once"], None);
    let said = String::from_utf8_lossy(&said.stderr).into_owned();
    assert!(
        said.contains(&format!("message {} is scheduled for", queued[0]["id"])),
        "{said}"
    );

    let sent_now = || async {
        sim.control()
            .sent()
            .await
            .iter()
            .filter(|m| m.text == reply)
            .count()
    };
    // Syncing, then killed well before its time.
    let mut sync = cli_on(d).arg("sync").stderr(Stdio::null()).spawn().unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sync.kill().unwrap();
    sync.wait().unwrap();
    if asked.elapsed() < wait {
        assert_eq!(sent_now().await, 0, "sent before its time");
    }
    let mut sync = cli_on(d).arg("sync").stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + wait + Duration::from_secs(30);
    while sent_now().await == 0 {
        assert!(Instant::now() < deadline, "never sent");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        asked.elapsed() >= wait - Duration::from_millis(50),
        "not before its time"
    );
    sync.kill().unwrap();
    sync.wait().unwrap();
    ok(cli(d, &["sync", "--once"], None));
    assert_eq!(sent_now().await, 1, "once");
    let messages = json(cli(d, &["messages", &ids[0], "--json"], None));
    let mine = messages
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == reply)
        .unwrap();
    assert_eq!(mine["status"], "sent");
    assert!(json(cli(d, &["scheduled", "list", "--json"], None))
        .as_array()
        .unwrap()
        .is_empty());
}

/// Telegram answers 429 with retry_after: `sync --once` says "0 sent" and what waits until when,
/// never a silent nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_held_back_by_the_platform_says_until_when() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = shop(&sim, d, &[(831, "Bruno", "Siete aperti?")]).await;
    sim.control()
        .set_faults(&sportello_sim::telegram::Faults {
            fail_next: 1,
            status: 429,
            retry_after: Some(30),
            ..Default::default()
        })
        .await;
    let queued = json(cli(
        d,
        &["send", &ids[0], "Sì, fino alle 19", "--json"],
        None,
    ));
    let out = cli(d, &["sync", "--once"], None);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(said.contains("0 sent"), "{said}");
    assert!(
        said.contains(&format!("message {} waits until", queued[0]["id"])),
        "{said}"
    );
    assert!(sim.control().sent().await.is_empty(), "nothing went yet");
}
