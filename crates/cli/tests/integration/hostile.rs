//! Platform data a clumsy or hostile peer sends, through the real `sportello-cli` and the
//! simulator: it is stored as well as it can be, or refused, and never stops syncing.

use serde_json::json;
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;

use crate::support::{add_telegram, cli, fails, json, ok, TOKEN};

#[tokio::test(flavor = "multi_thread")]
async fn a_date_out_of_range_neither_stops_sync_nor_breaks_the_chat() {
    // Rita is known to the bot (she started it), so a reply to her can go.
    let sim = SimProcess::spawn_on(
        TOKEN,
        sportello_sim::testkit::free_port(),
        &[Customer::new(4401, "Rita")],
    );
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_telegram(d, "Forno", &sim.url);
    let control = sim.control();
    // 9223372036854775807 seconds: the multiplication to milliseconds overflowed (exit 101
    // on every `sync --once`, and the app's Telegram task ended).
    control
        .push_raw_update(json!({
            "message": {
                "message_id": 77, "date": i64::MAX, "text": "Data impossibile",
                "chat": { "id": 4401, "type": "private", "first_name": "Rita" },
                "from": { "id": 4401, "is_bot": false, "first_name": "Rita" }
            }
        }))
        .await;
    control
        .customer_says(&Customer::new(4402, "Sara"), "Dopo di lei")
        .await;
    ok(cli(d, &["sync", "--once"], None));
    let chats = json(cli(d, &["conversations", "--json"], None));
    let chats = chats.as_array().unwrap();
    assert_eq!(chats.len(), 2, "{chats:?}");
    let rita = chats.iter().find(|c| c["title"] == "Rita").unwrap();
    let id = rita["id"].to_string();
    let messages = json(cli(d, &["messages", &id, "--json"], None));
    let with_text = |messages: &serde_json::Value, text: &str| {
        messages
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["text"] == text)
            .cloned()
            .unwrap_or_else(|| panic!("{text} in {messages}"))
    };
    let odd = with_text(&messages, "Data impossibile");
    assert_eq!(odd["sent_at_unsure"], true);
    // A reply to her still goes.
    ok(cli(d, &["send", &id, "Ciao Rita"], None));
    ok(cli(d, &["sync", "--once"], None));
    let messages = json(cli(d, &["messages", &id, "--json"], None));
    assert_eq!(with_text(&messages, "Ciao Rita")["status"], "sent");
}

/// Chats are readable by this user only: the data folder 0700, the cache and its journal 0600,
/// also when an earlier version had left them readable by everyone.
#[cfg(unix)]
#[test]
fn the_data_folder_is_this_users_only() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("data");
    ok(cli(&d, &["hours", "show"], None));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d), 0o700);
    let files: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    ok(cli(&d, &["hours", "show"], None));
    assert_eq!(mode(&d), 0o700, "fixed at start");
    for f in std::fs::read_dir(&d).unwrap().flatten() {
        assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
    }
}

/// A damaged store is said, in one line with the way out, never re-created empty: an emptied
/// file and bytes overwritten mid-file. `restore` puts the newest backup in place and keeps the
/// damaged file aside.
#[test]
fn a_damaged_store_is_said_and_a_backup_restores_it() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("data");
    ok(cli(
        &d,
        &[
            "hours",
            "set",
            "mon-fri 08:00-13:00",
            "--timezone",
            "Europe/Rome",
        ],
        None,
    ));
    for i in 0..30 {
        let card = format!("parola{i}");
        ok(cli(
            &d,
            &[
                "faq",
                "add",
                "--keywords",
                &card,
                "--answer",
                &"risposta lunga ".repeat(300),
            ],
            None,
        ));
    }
    let backup = ok(cli(&d, &["backup"], None));
    assert!(backup.trim().ends_with(".sqlite3"), "{backup}");
    ok(cli(&d, &["check"], None));
    let cache = sportello_core::paths::cache_file(&d);

    // Emptied: refused, with the newest backup named.
    std::fs::write(&cache, b"").unwrap();
    let out = cli(&d, &["hours", "show"], None);
    let said = fails(&out);
    assert!(
        said.contains("damaged") && said.contains("sportello-cli restore"),
        "{said}"
    );
    assert_eq!(
        std::fs::metadata(&cache).unwrap().len(),
        0,
        "not re-created"
    );
    ok(cli(&d, &["restore"], None));
    let shown = json(cli(&d, &["hours", "show", "--json"], None));
    assert_eq!(shown["week"], "mon-fri 08:00-13:00");
    let aside: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file kept aside");

    // Bytes overwritten mid-file: `check` finds it and says so.
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0x5a;
    }
    std::fs::write(&cache, bytes).unwrap();
    let out = cli(&d, &["check"], None);
    let said = fails(&out);
    assert!(said.contains("damaged"), "{said}");
}

/// A chat exported as a page and as text: what the customer typed stays text (no markup runs
/// in the page), files come along, and names cannot leave the folder chosen.
#[tokio::test(flavor = "multi_thread")]
async fn a_chat_is_exported_as_a_page_and_as_text() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_telegram(d, "Forno", &sim.url);
    let control = sim.control();
    let mallory = Customer::new(4501, "../../Mallory<b>");
    control
        .customer_says(&mallory, "<script>alert('ciao')</script> & grazie")
        .await;
    control
        .customer_sends_file(
            &mallory,
            "document",
            "../../listino.pdf",
            "%PDF-1.4 listino",
        )
        .await;
    ok(cli(d, &["sync", "--once"], None));
    let chat = json(cli(d, &["conversations", "--json"], None))[0]["id"].to_string();
    // The file downloaded first (as the app does in the background).
    let messages = json(cli(d, &["messages", &chat, "--json"], None));
    let attachment = messages
        .as_array()
        .unwrap()
        .iter()
        .find_map(|m| m["attachments"].as_array().and_then(|a| a.first()).cloned())
        .expect("the document")["id"]
        .to_string();
    ok(cli(d, &["media", &attachment], None));

    let out = data.path().join("export");
    let done = json(cli(
        d,
        &["export", &chat, "--out", out.to_str().unwrap(), "--json"],
        None,
    ));
    assert_eq!(done[0]["files"], 1, "{done}");
    let html = std::fs::read_to_string(done[0]["html"].as_str().unwrap()).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;ciao&#39;)&lt;/script&gt; &amp; grazie"));
    let text = std::fs::read_to_string(done[0]["text"].as_str().unwrap()).unwrap();
    assert!(
        text.contains("<script>alert('ciao')</script> & grazie"),
        "{text}"
    );
    // Everything it wrote is inside the chosen folder.
    for entry in walk(&out) {
        assert!(entry.starts_with(&out), "{}", entry.display());
    }
    assert!(walk(&out)
        .iter()
        .any(|p| p.to_string_lossy().ends_with("listino.pdf")));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}
