//! Nothing lost, nothing doubled: customers keep writing while `sportello-cli sync` is killed
//! with SIGKILL at random moments and restarted, and the platform delivers some messages twice.

use std::path::Path;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use sportello_core::paths;
use sportello_core::store::Store;
use sportello_sim::telegram::{Customer, Faults};
use sportello_sim::testkit::{cli_on, SimProcess};

const TOKEN: &str = "7770001:loss-test-secret";
const CHATS: i64 = 200;
const PER_CHAT: i64 = 50;
const CHUNK: usize = 250;
const MIN_KILLS: u32 = 20;

fn add_account(data: &Path, api_base: &str) {
    let mut child = cli_on(data)
        .args([
            "accounts",
            "add",
            "telegram",
            "--name",
            "Loss test",
            "--api-base",
            api_base,
        ])
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), TOKEN.as_bytes()).unwrap();
    assert!(
        child.wait().unwrap().success(),
        "add the account (needs the session keyring)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_messages_survive_twenty_kills_once_each_in_order() {
    let seed: u64 = std::env::var("SPORTELLO_LOSS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64);
    println!("loss test seed {seed} (rerun with SPORTELLO_LOSS_SEED={seed})");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    let sim = SimProcess::spawn(TOKEN);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    add_account(data.path(), &sim.url);
    control
        .set_faults(&Faults {
            duplicate_next: 300,
            ..Default::default()
        })
        .await;

    // Message n of chat c says "chat c #n"; chats interleave as real customers do.
    let all: Vec<(Customer, String)> = (0..PER_CHAT)
        .flat_map(|n| {
            (0..CHATS).map(move |c| {
                (
                    Customer::new(20_000 + c, &format!("Cliente {c}")),
                    format!("chat {c} #{n}"),
                )
            })
        })
        .collect();
    let mut chunks = all.chunks(CHUNK);
    let mut kills = 0;
    loop {
        let chunk = chunks.next();
        if let Some(chunk) = chunk {
            control.customers_say(chunk).await;
        }
        if chunk.is_none() && kills >= MIN_KILLS {
            break;
        }
        let mut sync = cli_on(data.path()).arg("sync").spawn().unwrap();
        tokio::time::sleep(Duration::from_millis(rng.random_range(20..400))).await;
        sync.kill().unwrap(); // SIGKILL: no clean shutdown, no chance to finish a transaction.
        sync.wait().unwrap();
        kills += 1;
    }
    let store = Store::open(&paths::cache_file(data.path())).unwrap();
    let before_final: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))?))
        .unwrap();
    drop(store);
    assert!(
        before_final > 0,
        "the killed syncs must have been storing while they were killed"
    );
    println!("{before_final} messages stored by the {kills} killed runs");
    let done = cli_on(data.path())
        .args(["sync", "--once"])
        .status()
        .unwrap();
    assert!(done.success(), "a final sync after {kills} kills");

    let store = Store::open(&paths::cache_file(data.path())).unwrap();
    let (total, distinct): (i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM messages",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        total,
        CHATS * PER_CHAT,
        "exactly every message, after {kills} kills"
    );
    assert_eq!(distinct, total, "none twice");
    let conversations = store.conversations(1000).unwrap();
    assert_eq!(conversations.len() as i64, CHATS);
    for conv in conversations {
        let texts: Vec<String> = store
            .messages(conv.id, 1000, None)
            .unwrap()
            .into_iter()
            .map(|m| m.text)
            .collect();
        let numbers: Vec<i64> = texts
            .iter()
            .map(|t| t.rsplit('#').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (0..PER_CHAT).collect::<Vec<_>>(),
            "{} in order",
            conv.title
        );
        assert_eq!(
            conv.unread, PER_CHAT,
            "duplicates did not inflate the badge"
        );
    }
}
