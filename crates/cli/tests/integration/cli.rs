//! sportello-cli and sportello-sim as separate processes, over real HTTP, with the real
//! keyring of the test session (see scripts/headless-session.sh).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{cli, fails, json, ok, TOKEN};
use serde_json::Value;
use sportello_core::store::Store;
use sportello_core::{paths, secrets};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::{workspace_bin, SimProcess};

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_message_travels_in_and_a_reply_travels_out() {
    let sim = SimProcess::spawn(TOKEN);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();

    let id = ok(cli(
        d,
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
    let account_id: i64 = id.trim().parse().expect("prints the new account id");
    let accounts = json(cli(d, &["accounts", "list", "--json"], None));
    assert_eq!(accounts[0]["id"], account_id);
    assert_eq!(accounts[0]["display_name"], "@sportello_sim_bot");

    let giulia = Customer::new(701, "Giulia");
    control
        .customer_says(&giulia, "Buongiorno! Avete il pane senza glutine?")
        .await;
    control
        .customer_says(&giulia, "Perché ieri era finito 😅")
        .await;
    control
        .customer_says(&Customer::new(702, "João"), "Olá, fazem entregas?")
        .await;

    ok(cli(d, &["sync", "--once"], None));
    let convs = json(cli(d, &["conversations", "--json"], None));
    let convs = convs.as_array().unwrap();
    assert_eq!(convs.len(), 2);
    let conv = convs
        .iter()
        .find(|c| c["title"] == "Giulia")
        .expect("Giulia's chat");
    assert_eq!(conv["channel"], "telegram");
    assert_eq!(conv["unread"], 2);
    assert_eq!(conv["account_id"], account_id);
    let conv_id = conv["id"].as_i64().unwrap().to_string();

    let msgs = json(cli(d, &["messages", &conv_id, "--json"], None));
    let texts: Vec<_> = msgs
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Buongiorno! Avete il pane senza glutine?",
            "Perché ieri era finito 😅"
        ]
    );
    for m in msgs.as_array().unwrap() {
        assert_eq!(m["direction"], "in");
        assert_eq!(m["status"], "received");
        let sent_at = m["sent_at"].as_str().unwrap();
        time::OffsetDateTime::parse(sent_at, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|e| panic!("sent_at {sent_at:?} is not RFC 3339: {e}"));
    }

    let hits = json(cli(d, &["search", "perche", "--json"], None));
    assert_eq!(
        hits.as_array().unwrap().len(),
        1,
        "accent-insensitive search finds Perché"
    );

    let sent = json(cli(
        d,
        &["send", &conv_id, "Sì, stamattina alle 8!", "--json"],
        None,
    ));
    assert_eq!(sent[0]["status"], "sent");
    assert_eq!(sent[0]["direction"], "out");
    let received = control.sent().await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].chat_id, received[0].text.as_str()),
        (701, "Sì, stamattina alle 8!")
    );

    let before = json(cli(d, &["messages", &conv_id, "--json"], None));
    ok(cli(d, &["sync", "--once"], None));
    ok(cli(d, &["sync", "--once"], None));
    let after = json(cli(d, &["messages", &conv_id, "--json"], None));
    assert_eq!(before, after, "re-running sync must store nothing twice");
    assert_eq!(
        control.sent().await.len(),
        1,
        "the reply must not be sent again"
    );

    // Removing the account removes its keyring entry too.
    let store = Store::open(&paths::cache_file(d)).unwrap();
    let secret_ref = store.accounts().unwrap()[0].secret_ref.clone();
    drop(store);
    assert!(
        secrets::load(&secret_ref).is_ok(),
        "the token lives in the keyring"
    );
    ok(cli(
        d,
        &["accounts", "remove", &account_id.to_string()],
        None,
    ));
    assert_eq!(
        secrets::load(&secret_ref).unwrap_err().code(),
        "SecretMissing"
    );
    assert_eq!(
        json(cli(d, &["conversations", "--json"], None)),
        Value::Array(vec![])
    );
}

#[test]
fn bad_input_gets_a_one_line_error_not_a_panic() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let err = fails(&cli(d, &["messages", "9999"], None));
    assert!(err.contains("no conversation with id 9999"), "{err}");
    let err = fails(&cli(d, &["send", "9999", "hello"], None));
    assert!(err.contains("9999"), "{err}");
    let err = fails(&cli(
        d,
        &["accounts", "add", "telegram", "--name", "Shop"],
        Some(""),
    ));
    assert!(err.contains("Nothing on standard input"), "{err}");
    let whatsapp = [
        "accounts",
        "add",
        "whatsapp",
        "--name",
        "Shop",
        "--phone-number-id",
        "106540352242922",
        "--waba-id",
        "102290129340398",
    ];
    let err = fails(&cli(d, &whatsapp, Some("EAAG-just-a-token")));
    assert!(err.contains("JSON object"), "{err}");
    let err = fails(&cli(d, &whatsapp, Some(r#"{"access_token": "EAAG"}"#)));
    assert!(err.contains("app_secret"), "{err}");
    assert!(!err.contains("EAAG"), "secrets never in errors: {err}");
    let err = fails(&cli(
        d,
        &[
            "accounts",
            "add",
            "telegram",
            "--name",
            "Shop",
            "--api-base",
            "http://127.0.0.1:9",
        ],
        Some(TOKEN),
    ));
    assert!(err.contains("Cannot reach Telegram"), "{err}");
    let err = fails(&cli(
        d,
        &[
            "accounts",
            "add",
            "telegram",
            "--name",
            "Shop",
            "--api-base",
            "ftp://x",
        ],
        Some(TOKEN),
    ));
    assert!(err.contains("http://"), "{err}");
    let err = fails(&cli(d, &["accounts", "remove", "77"], None));
    assert!(err.contains("77"), "{err}");
    assert_eq!(
        json(cli(d, &["accounts", "list", "--json"], None)),
        Value::Array(vec![]),
        "nothing half-added"
    );
}

#[test]
fn only_one_process_syncs_a_data_dir() {
    let data = tempfile::tempdir().unwrap();
    let mut running = Command::new(workspace_bin("sportello-cli"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("sync")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(running.stderr.take().unwrap());
    // Its first lines say where the webhook receiver listens, then that it syncs.
    let mut said = String::new();
    while !said.contains("Syncing") {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "sync ended early: {said}"
        );
        said.push_str(&line);
    }

    let second = cli(data.path(), &["sync", "--once"], None);
    assert_eq!(
        second.status.code(),
        Some(2),
        "a second syncer exits with 2"
    );
    assert!(String::from_utf8_lossy(&second.stderr).contains("already syncing"));

    let pid = running.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = running.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(
        status.success(),
        "SIGTERM ends sync cleanly: {status:?}\n{rest}"
    );
    assert!(rest.contains("Stopped."), "{rest}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_token_and_a_webhook_are_fixed_without_losing_replies() {
    let sim = SimProcess::spawn(TOKEN);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let id = ok(cli(
        d,
        &[
            "accounts",
            "add",
            "telegram",
            "--name",
            "Shop",
            "--api-base",
            &sim.url,
        ],
        Some(TOKEN),
    ));
    let id = id.trim().to_owned();
    control
        .customer_says(&Customer::new(901, "Ada"), "Buongiorno")
        .await;
    ok(cli(d, &["sync", "--once"], None));
    let conv = json(cli(d, &["conversations", "--json"], None))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();

    // The owner revokes the token in BotFather; a reply typed now must wait, not vanish.
    control
        .revoke_token("5550001:cli-integration-secret-new")
        .await;
    let queued = json(cli(
        d,
        &["send", &conv, "Arriviamo alle 10", "--json"],
        None,
    ));
    assert_eq!(queued[0]["status"], "pending");
    let err = fails(&cli(d, &["sync", "--once"], None));
    assert!(err.contains("refused the saved credentials"), "{err}");
    assert!(control.sent().await.is_empty());

    ok(cli(
        d,
        &["accounts", "reconnect", &id],
        Some("5550001:cli-integration-secret-new"),
    ));
    ok(cli(d, &["sync", "--once"], None));
    let sent = control.sent().await;
    assert_eq!(
        sent.len(),
        1,
        "the queued reply went out once, after reconnecting"
    );
    assert_eq!(sent[0].text, "Arriviamo alle 10");

    // Another program sets a webhook: receiving stops with a clear reason, until we take over.
    control
        .set_webhook(Some("https://example.invalid/hook"))
        .await;
    control
        .customer_says(&Customer::new(901, "Ada"), "Ci siete?")
        .await;
    let err = fails(&cli(d, &["sync", "--once"], None));
    assert!(err.contains("Another program is receiving"), "{err}");
    ok(cli(d, &["accounts", "take-over", &id], None));
    ok(cli(d, &["sync", "--once"], None));
    let texts: Vec<String> = json(cli(d, &["messages", &conv, "--json"], None))
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        texts.last().map(String::as_str),
        Some("Ci siete?"),
        "the waiting message was kept"
    );
}
