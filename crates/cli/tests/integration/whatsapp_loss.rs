//! Nothing lost, nothing doubled, by webhook: the simulator delivers 10,000 WhatsApp messages
//! to `sportello-cli sync --listen`, which is killed with SIGKILL at random moments at least 20
//! times and restarted; Meta-style retries, duplicates and batching included.

use std::path::Path;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use sportello_core::paths;
use sportello_core::store::Store;
use sportello_sim::testkit::{cli_on, free_port, SimProcess};
use sportello_sim::whatsapp::{Faults, WaCustomer};
use sportello_sim::WhatsAppOptions;

const CHATS: usize = 200;
const PER_CHAT: usize = 50;
const CHUNK: usize = 250;
const MIN_KILLS: u32 = 20;

pub(crate) fn add_account(data: &Path, graph_url: &str) {
    let o = WhatsAppOptions::default();
    let mut child = cli_on(data)
        .args(["accounts", "add", "whatsapp", "--name", "Loss test"])
        .args(["--phone-number-id", &o.phone_number_id])
        .args(["--waba-id", &o.business_account_id])
        .args(["--api-base", graph_url])
        .spawn()
        .unwrap();
    let secrets = serde_json::json!({
        "access_token": o.access_token, "app_secret": o.app_secret, "verify_token": "v",
    });
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        secrets.to_string().as_bytes(),
    )
    .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "add the account (needs the session keyring)"
    );
}

fn stored(data: &Path) -> (i64, i64) {
    let store = Store::open(&paths::cache_file(data)).unwrap();
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM messages",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_webhook_messages_survive_twenty_kills_once_each_in_order() {
    let seed: u64 = std::env::var("SPORTELLO_LOSS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64);
    println!("loss test seed {seed} (rerun with SPORTELLO_LOSS_SEED={seed})");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let sim = SimProcess::spawn_whatsapp(&format!("http://{listen}/webhooks/meta"));
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    add_account(data.path(), &sim.graph_url());
    control
        .whatsapp_faults(&Faults {
            duplicate_deliveries: 300,
            batch: 10,
            ..Default::default()
        })
        .await;

    let all: Vec<(WaCustomer, String)> = (0..PER_CHAT)
        .flat_map(|n| {
            (0..CHATS).map(move |c| {
                (
                    WaCustomer::new(&format!("39300{c:05}"), &format!("Cliente {c}")),
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
            control.whatsapp_customers_say(chunk).await;
        }
        if chunk.is_none() && kills >= MIN_KILLS {
            break;
        }
        let mut sync = cli_on(data.path())
            .args(["sync", "--listen", &listen])
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..600))).await;
        sync.kill().unwrap(); // SIGKILL: mid-request, mid-transaction, whatever it was doing.
        sync.wait().unwrap();
        kills += 1;
    }
    let (before_final, _) = stored(data.path());
    assert!(before_final > 0, "the killed runs must have been storing");
    println!("{before_final} messages stored by the {kills} killed runs");

    // A last run takes whatever Meta still retries, then processes everything stored.
    let mut sync = cli_on(data.path())
        .args(["sync", "--listen", &listen])
        .spawn()
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
    while control.whatsapp_deliveries().await.1 > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "deliveries still waiting"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    sync.kill().unwrap();
    sync.wait().unwrap();
    let done = cli_on(data.path())
        .args(["sync", "--once"])
        .status()
        .unwrap();
    assert!(done.success(), "a final pass over the stored deliveries");

    let (total, distinct) = stored(data.path());
    let (acknowledged, _, refused) = control.whatsapp_deliveries().await;
    println!("{acknowledged} deliveries acknowledged, {refused} attempts unanswered");
    assert_eq!(
        total as usize,
        CHATS * PER_CHAT,
        "exactly every message, after {kills} kills"
    );
    assert_eq!(distinct, total, "none twice");

    let store = Store::open(&paths::cache_file(data.path())).unwrap();
    let conversations = store.conversations(1000).unwrap();
    assert_eq!(conversations.len(), CHATS);
    for conv in conversations {
        let numbers: Vec<usize> = store
            .messages(conv.id, 1000, None)
            .unwrap()
            .into_iter()
            .map(|m| m.text.rsplit('#').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (0..PER_CHAT).collect::<Vec<_>>(),
            "{} in order",
            conv.title
        );
        assert_eq!(
            conv.unread as usize, PER_CHAT,
            "duplicates did not inflate the badge"
        );
    }
}
