//! Opening hours, automatic messages, FAQ cards and reply figures from `sportello-cli`, against
//! the simulator as separate processes: the away message is decided by `sync` and sent once,
//! marked `automated: true`.

use std::time::Duration;

use serde_json::Value;
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;

use crate::support::{add_telegram, cli, fails, json, ok, TOKEN};

fn today_utc() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[test]
fn hours_are_set_shown_and_checked() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let shown = json(cli(
        d,
        &[
            "hours",
            "set",
            "mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30",
            "--timezone",
            "Europe/Rome",
            "--json",
        ],
        None,
    ));
    assert_eq!(shown["set"], true);
    assert_eq!(shown["timezone"], "Europe/Rome");
    assert_eq!(
        shown["week"],
        "mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30"
    );
    assert!(shown["open_now"].is_boolean(), "{shown}");
    assert!(shown["next_change"].is_string(), "{shown}");
    assert_eq!(
        shown["hours"]["week"][6],
        Value::Array(vec![]),
        "Sunday closed"
    );

    let shown = json(cli(
        d,
        &[
            "hours",
            "closed",
            "2031-08-10",
            "--until",
            "2031-08-24",
            "--note",
            "Ferie",
            "--json",
        ],
        None,
    ));
    assert_eq!(shown["hours"]["closed"][0]["until"], "2031-08-24");
    let shown = json(cli(d, &["hours", "close-early", "17:00", "--json"], None));
    assert_eq!(shown["hours"]["closing_early"]["at"], "17:00");
    let shown = json(cli(
        d,
        &["hours", "close-early", "--cancel", "--json"],
        None,
    ));
    assert_eq!(shown["hours"]["closing_early"], Value::Null);
    // The week was kept by the other commands.
    let line = ok(cli(d, &["hours", "show"], None));
    assert!(line.contains("mon-fri 08:00-13:00,15:30-19:30"), "{line}");

    for bad in [
        vec!["hours", "set", "someday 09:00-10:00"],
        vec![
            "hours",
            "set",
            "mon 09:00-10:00",
            "--timezone",
            "Mars/Olympus",
        ],
        vec!["hours", "closed", "2031-08-24", "--until", "2031-08-10"],
        vec![
            "auto-reply",
            "greeting",
            "--text",
            "Ciao",
            "--after-days",
            "5",
        ],
    ] {
        let out = cli(d, &bad, None);
        let err = fails(&out);
        assert!(!err.contains("panicked"), "{bad:?}: {err}");
    }
}

#[test]
fn faq_cards_are_tested_before_they_answer() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let card = json(cli(
        d,
        &[
            "faq",
            "add",
            "--keywords",
            "orari,quando aprite,opening hours",
            "--answer",
            "Siamo aperti dalle 8 alle 13.",
            "--json",
        ],
        None,
    ));
    ok(cli(
        d,
        &[
            "faq",
            "add",
            "--keywords",
            "dove siete,indirizzo",
            "--answer",
            "Via Roma 1",
        ],
        None,
    ));
    let test = json(cli(
        d,
        &["faq", "test", "A che ora aprite? Gli ORARI?", "--json"],
        None,
    ));
    assert_eq!(test["card"]["id"], card["id"]);
    let test = json(cli(
        d,
        &["faq", "test", "Dove siete? E gli orari?", "--json"],
        None,
    ));
    assert_eq!(test["card"], Value::Null);
    assert_eq!(test["matched"].as_array().unwrap().len(), 2);
    let list = json(cli(d, &["faq", "list", "--json"], None));
    assert_eq!(list["on"], false, "off until switched on");
    ok(cli(d, &["faq", "on"], None));
    assert_eq!(json(cli(d, &["faq", "list", "--json"], None))["on"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_sends_the_away_message_once_marked_automated() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_telegram(d, "Forno Rossi", &sim.url);
    ok(cli(
        d,
        &["hours", "set", "mon-sun 00:00-24:00", "--timezone", "UTC"],
        None,
    ));
    ok(cli(
        d,
        &["hours", "closed", &today_utc(), "--until", "2099-12-31"],
        None,
    ));
    let shown = json(cli(d, &["hours", "show", "--json"], None));
    assert_eq!(shown["open_now"], false, "{shown}");
    let away = "Ciao {first_name}, siamo chiusi per ferie.";
    ok(cli(d, &["auto-reply", "away", "--text", away], None));

    let control = sim.control();
    control
        .customer_says(&Customer::new(911, "Giulia"), "Ci siete?")
        .await;
    ok(cli(d, &["sync", "--once"], None));
    ok(cli(d, &["sync", "--once"], None));
    control
        .customer_says(&Customer::new(911, "Giulia"), "Pronto?")
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    ok(cli(d, &["sync", "--once"], None));

    let chats = json(cli(d, &["conversations", "--json"], None));
    let chat = chats[0]["id"].to_string();
    let messages = json(cli(d, &["messages", &chat, "--json"], None));
    let automated: Vec<&Value> = messages
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["automated"] == true)
        .collect();
    assert_eq!(automated.len(), 1, "{messages}");
    assert_eq!(automated[0]["text"], "Ciao Giulia, siamo chiusi per ferie.");
    assert_eq!(automated[0]["status"], "sent", "{}", automated[0]);
    let people = ok(cli(d, &["messages", &chat], None));
    assert!(people.contains("you (auto)"), "{people}");

    // Nobody answered yet: Giulia waits, the away message does not count as a reply.
    let stats = json(cli(d, &["stats", "--days", "7", "--json"], None));
    assert_eq!(stats["waiting_now"], 1, "{stats}");
    assert_eq!(stats["answered"], 0, "{stats}");
    ok(cli(d, &["send", &chat, "Eccomi, cosa ti serve?"], None));
    ok(cli(d, &["sync", "--once"], None));
    let stats = json(cli(d, &["stats", "--json"], None));
    assert_eq!(stats["waiting_now"], 0, "{stats}");
    assert_eq!(stats["answered"], 1, "{stats}");
    // Closed all along: a reply within the closed stretch counts no open time.
    assert_eq!(stats["first_reply_median_s"], 0, "{stats}");
    assert_eq!(stats["channels"]["telegram"]["answered"], 1, "{stats}");
    assert_eq!(stats["after_hours"], 1, "{stats}");
}
