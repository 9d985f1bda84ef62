//! Customers and reach through the real `sportello-cli` against the simulator: a broadcast to
//! 300 customers who agreed, across Telegram and WhatsApp, with 40 more for each reason not to
//! send (Messenger included), the CLI killed twice mid-send. Every recipient gets it at most
//! once (exactly once unless its send's fate is shown as unknown), nobody excluded gets it, and
//! the report is complete. Along the way: poster arrivals tag chats on all three channels and
//! record consent, and STOP withdraws and confirms once.

use std::collections::HashMap;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sportello_core::paths;
use sportello_core::store::Store;
use sportello_sim::messenger::FbCustomer;
use sportello_sim::telegram::{BusinessAccount, Customer};
use sportello_sim::testkit::{cli_on, free_port, Control, SimProcess};
use sportello_sim::whatsapp::WaCustomer;
use sportello_sim::{MessengerOptions, WhatsAppOptions};

use crate::support::{cli, json as json_of, ok, TOKEN};

const GROUP: usize = 40;
const INCLUDED_PER_CHANNEL: usize = 150;
const POSTER: &str = "vetrina-natale";
const NEWS: &str = "Il panettone è arrivato!";
const DAY_SECS: i64 = 86_400;

fn add_meta(data: &Path, channel: &str, id_flags: &[&str], secrets: Value) {
    let mut child = cli_on(data)
        .args(["accounts", "add", channel, "--name", channel])
        .args(id_flags)
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        secrets.to_string().as_bytes(),
    )
    .unwrap();
    assert!(child.wait().unwrap().success(), "add the {channel} account");
}

fn sync(data: &Path, listen: &str) -> Child {
    cli_on(data)
        .args(["sync", "--listen", listen])
        .spawn()
        .unwrap()
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn count(data: &Path, sql: &str) -> i64 {
    let store = Store::open(&paths::cache_file(data)).unwrap();
    store
        .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Waits (up to two minutes) until `sql` counts `want`.
async fn until(data: &Path, sql: &str, want: i64) {
    let start = Instant::now();
    loop {
        let have = count(data, sql);
        if have == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "waited for {sql}: {have}, want {want}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The local conversation id of each chat, by the platform's chat id.
fn conversation_ids(data: &Path) -> HashMap<String, i64> {
    let store = Store::open(&paths::cache_file(data)).unwrap();
    store
        .read(|c| {
            let mut stmt = c.prepare("SELECT remote_id, id FROM conversations")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<HashMap<String, i64>, _>>()?;
            Ok(rows)
        })
        .unwrap()
}

fn tg(range: std::ops::Range<usize>, base: i64, name: &str) -> Vec<Customer> {
    range
        .map(|i| Customer::new(base + i as i64, &format!("{name} {i}")))
        .collect()
}

fn wa(range: std::ops::Range<usize>, prefix: &str, name: &str) -> Vec<WaCustomer> {
    range
        .map(|i| WaCustomer::new(&format!("{prefix}{i:04}"), &format!("{name} {i}")))
        .collect()
}

async fn say_tg(control: &Control, who: &[Customer], text: &str) {
    let all: Vec<(Customer, String)> = who.iter().map(|c| (c.clone(), text.to_owned())).collect();
    control.customers_say(&all).await;
}

async fn say_wa(control: &Control, who: &[WaCustomer], text: &str, at: Option<i64>) {
    for c in who {
        control.whatsapp_customer_says(c, text, at).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broadcast_reaches_exactly_who_agreed_once_through_two_kills() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let webhook = format!("http://{listen}/webhooks/meta");
    let sim = SimProcess::spawn_with(&[
        "--token".into(),
        TOKEN.into(),
        "--whatsapp-webhook".into(),
        webhook.clone(),
        "--messenger-webhook".into(),
        webhook,
    ]);
    let control = sim.control();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    crate::support::add_telegram(data, "Bot", &sim.url);
    let w = WhatsAppOptions::default();
    add_meta(
        data,
        "whatsapp",
        &[
            "--phone-number-id",
            &w.phone_number_id,
            "--waba-id",
            &w.business_account_id,
            "--api-base",
            &sim.graph_url(),
        ],
        json!({ "access_token": w.access_token, "app_secret": w.app_secret, "verify_token": "v" }),
    );
    let m = MessengerOptions::default();
    add_meta(
        data,
        "messenger",
        &[
            "--page-id",
            &m.page_id,
            "--api-base",
            &sim.messenger_graph_url(),
        ],
        json!({ "page_access_token": m.page_access_token, "app_secret": m.app_secret, "verify_token": "v" }),
    );
    // The poster whose wording records consent to "offers".
    let made = json_of(cli(
        data,
        &[
            "posters",
            "create",
            POSTER,
            "--text",
            "Vorrei ordinare",
            "--consent-topic",
            "offers",
            "--consent-wording",
            "Scrivendoci accetti di ricevere le offerte della Forneria. Rispondi STOP quando vuoi.",
            "--consent-version",
            "2026-12",
            "--out",
            &data.join("poster").display().to_string(),
            "--poster-language",
            "it",
            "--json",
        ],
        None,
    ));
    let links: Vec<&str> = made["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert_eq!(links.len(), 3, "{made}");
    assert!(links
        .iter()
        .any(|l| l.starts_with("https://t.me/") && l.ends_with("?start=vetrina-natale")));
    assert!(links
        .iter()
        .any(|l| l.starts_with("https://wa.me/") && l.contains("%23vetrina-natale")));
    assert!(links
        .iter()
        .any(|l| *l == format!("https://m.me/{}?ref=vetrina-natale", m.page_id)));
    for f in made["files"].as_array().unwrap() {
        let f = f.as_str().unwrap();
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes.len() > 100, "{f}");
        if f.ends_with(".pdf") {
            assert!(bytes.starts_with(b"%PDF-"));
        }
    }

    // The shop's customers, each group arriving its own way.
    let tg_in = tg(0..INCLUDED_PER_CHANNEL, 10_000, "Tg");
    let tg_no_consent = tg(0..GROUP, 20_000, "NoConsent");
    let tg_stopped = tg(0..GROUP, 30_000, "Stopped");
    let tg_blocked = tg(0..GROUP, 40_000, "Blocked");
    let tg_business = tg(0..GROUP, 50_000, "Business");
    let wa_in = wa(0..INCLUDED_PER_CHANNEL, "39331", "Wa");
    let wa_closed = wa(0..GROUP, "39332", "Closed");
    let wa_capped = wa(0..GROUP, "39333", "Capped");
    let fb: Vec<FbCustomer> = (0..GROUP)
        .map(|i| FbCustomer::new(&format!("7{i:05}"), &format!("Fb {i}")))
        .collect();

    let mut running = sync(data, &listen);
    let start = format!("/start {POSTER}");
    say_tg(&control, &tg_in, &start).await;
    say_tg(&control, &tg_no_consent, "Buongiorno").await;
    say_tg(&control, &tg_stopped, &start).await;
    say_tg(&control, &tg_blocked, &start).await;
    let business = BusinessAccount {
        id: "biz-1".into(),
        owner: Customer::new(999, "Owner"),
        can_reply: true,
        is_enabled: true,
    };
    control.connect_business(&business).await;
    for c in &tg_business {
        control
            .customer_says_to_business(&business.id, c, &start)
            .await;
    }
    let hashtag = format!("Vorrei ordinare #{POSTER}");
    let two_days_ago = chrono_now() - 2 * DAY_SECS;
    say_wa(&control, &wa_in, &hashtag, None).await;
    say_wa(&control, &wa_closed, &hashtag, Some(two_days_ago)).await;
    say_wa(&control, &wa_capped, &hashtag, Some(two_days_ago)).await;
    // Messenger: the m.me link's referral, in Meta's documented shape, then a message.
    for c in &fb {
        control
            .messenger_deliver(json!({
                "object": "page",
                "entry": [{ "id": m.page_id, "time": 1, "messaging": [{
                    "sender": { "id": c.psid }, "recipient": { "id": m.page_id },
                    "timestamp": chrono_now() * 1000,
                    "referral": { "ref": POSTER, "source": "SHORTLINK", "type": "OPEN_THREAD" },
                }]}],
            }))
            .await;
    }
    let fb_said: Vec<(FbCustomer, String)> =
        fb.iter().map(|c| (c.clone(), "Ciao".to_owned())).collect();
    control.messenger_customers_say(&fb_said).await;
    let chats = (2 * INCLUDED_PER_CHANNEL + 7 * GROUP) as i64;
    until(data, "SELECT COUNT(*) FROM conversations", chats).await;
    // Everyone but the no-consent group arrived through the poster, and agreed by writing.
    let arrived = chats - GROUP as i64;
    until(data, "SELECT COUNT(*) FROM poster_arrivals", arrived).await;
    until(data, "SELECT COUNT(*) FROM consents", arrived).await;
    until(
        data,
        "SELECT COUNT(*) FROM conversations WHERE source = 'vetrina-natale'",
        arrived,
    )
    .await;

    // STOP, twice from each, withdraws everything and confirms once.
    say_tg(&control, &tg_stopped, "STOP").await;
    say_tg(&control, &tg_stopped, "Stop!").await;
    until(
        data,
        "SELECT COUNT(*) FROM consents WHERE withdrawn_at IS NOT NULL",
        GROUP as i64,
    )
    .await;
    until(
        data,
        "SELECT COUNT(*) FROM messages WHERE automated = 1 AND status IN ('sent', 'delivered', 'read')",
        GROUP as i64,
    )
    .await;
    stop(running);
    let sent = control.sent().await;
    for c in &tg_stopped {
        let to_them = sent.iter().filter(|s| s.chat_id == c.chat_id).count();
        assert_eq!(to_them, 1, "one confirmation for {}", c.first_name);
    }

    // What the platforms learn by trying: a bot blocked by 40, a marketing cap on 40.
    control
        .block(&tg_blocked.iter().map(|c| c.chat_id).collect::<Vec<_>>())
        .await;
    control
        .cap_marketing(
            &wa_capped
                .iter()
                .map(|c| c.wa_id.clone())
                .collect::<Vec<_>>(),
        )
        .await;
    let ids = conversation_ids(data);
    let id_list = |tgs: &[&[Customer]], was: &[&[WaCustomer]], fbs: &[FbCustomer]| -> Vec<i64> {
        tgs.iter()
            .flat_map(|g| g.iter().map(|c| ids[&c.chat_id.to_string()]))
            .chain(was.iter().flat_map(|g| g.iter().map(|c| ids[&c.wa_id])))
            .chain(fbs.iter().map(|c| ids[&c.psid]))
            .collect()
    };
    let joined = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let first = id_list(&[&tg_blocked], &[&wa_capped], &[]);
    let first_id = ok(cli(
        data,
        &[
            "broadcast",
            "create",
            "--topic",
            "offers",
            "--conversations",
            &joined(&first),
            "--text",
            "Orari di Natale",
            "--template",
            "ordine_pronto",
            "--language",
            "it",
        ],
        None,
    ));
    ok(cli(data, &["broadcast", "send", first_id.trim()], None));
    running = sync(data, &listen);
    until(
        data,
        "SELECT COUNT(*) FROM conversations WHERE marketing_capped_at IS NOT NULL",
        GROUP as i64,
    )
    .await;
    until(
        data,
        "SELECT COUNT(*) FROM conversations WHERE blocked_at IS NOT NULL",
        GROUP as i64,
    )
    .await;
    stop(running);

    // The Christmas news, to everyone; the pre-flight says who gets it and why not.
    let everyone = id_list(
        &[
            &tg_in,
            &tg_no_consent,
            &tg_stopped,
            &tg_blocked,
            &tg_business,
        ],
        &[&wa_in, &wa_closed, &wa_capped],
        &fb,
    );
    let id = ok(cli(
        data,
        &[
            "broadcast",
            "create",
            "--topic",
            "Offers",
            "--conversations",
            &joined(&everyone),
            "--text",
            NEWS,
        ],
        None,
    ))
    .trim()
    .to_owned();
    let pre = json_of(cli(data, &["broadcast", "preflight", &id, "--json"], None));
    assert_eq!(
        pre["recipients"].as_array().unwrap().len(),
        2 * INCLUDED_PER_CHANNEL
    );
    let mut reasons: HashMap<String, usize> = HashMap::new();
    for e in pre["excluded"].as_array().unwrap() {
        *reasons
            .entry(e["reason"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for reason in [
        "no_consent",
        "withdrawn",
        "window_closed_needs_template",
        "messenger_marketing_not_allowed",
        "telegram_not_started",
        "blocked",
        "marketing_cap",
    ] {
        assert_eq!(reasons.get(reason), Some(&GROUP), "{reason}: {reasons:?}");
    }

    // Sending, killed twice in the middle.
    for after in [Duration::from_millis(2500), Duration::from_millis(5000)] {
        let mut sending = cli_on(data)
            .args(["broadcast", "send", &id])
            .spawn()
            .unwrap();
        tokio::time::sleep(after).await;
        assert!(
            sending.try_wait().unwrap().is_none(),
            "still sending when killed"
        );
        stop(sending);
    }
    let report = json_of(cli(data, &["broadcast", "send", &id, "--json"], None));
    // The statuses WhatsApp reports by webhook.
    running = sync(data, &listen);
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop(running);
    let report_after = json_of(cli(data, &["broadcast", "show", &id, "--json"], None));

    let unknown: Vec<i64> = report_after["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "unknown")
        .map(|r| r["conversation_id"].as_i64().unwrap())
        .collect();
    println!(
        "after two kills: sent {}, delivered {}, read {}, unknown {}",
        report_after["sent"],
        report_after["delivered"],
        report_after["read"],
        report_after["unknown"]
    );
    assert!(
        unknown.len() <= 2,
        "at most the one in flight at each kill: {unknown:?}"
    );
    assert_eq!(
        report_after["recipients"].as_array().unwrap().len(),
        2 * INCLUDED_PER_CHANNEL
    );
    assert_eq!(
        report_after["excluded"].as_array().unwrap().len(),
        7 * GROUP
    );
    assert_eq!(report_after["waiting"], 0, "{report}");
    assert_eq!(report_after["failed"], 0, "{report_after}");
    let done = ["sent", "delivered", "read", "failed", "unknown"]
        .iter()
        .map(|k| report_after[*k].as_i64().unwrap())
        .sum::<i64>();
    assert_eq!(done, (2 * INCLUDED_PER_CHANNEL) as i64);

    // What the platforms received: each recipient once (or, for an unknown fate, at most once),
    // nobody excluded, nothing on Messenger.
    let by_id: HashMap<i64, String> = ids.iter().map(|(k, v)| (*v, k.clone())).collect();
    let tg_news: Vec<i64> = control
        .sent()
        .await
        .into_iter()
        .filter(|s| s.text.starts_with(NEWS))
        .map(|s| s.chat_id)
        .collect();
    let wa_news: Vec<String> = control
        .whatsapp_sent()
        .await
        .into_iter()
        .filter(|s| s["text"].as_str().is_some_and(|t| t.starts_with(NEWS)))
        .map(|s| s["to"].as_str().unwrap().to_owned())
        .collect();
    assert!(control
        .messenger_sent()
        .await
        .iter()
        .all(|s| !s.to_string().contains("panettone")));
    let received = |remote: &str| {
        tg_news.iter().filter(|c| c.to_string() == remote).count()
            + wa_news.iter().filter(|w| *w == remote).count()
    };
    for r in report_after["recipients"].as_array().unwrap() {
        let conversation = r["conversation_id"].as_i64().unwrap();
        let got = received(&by_id[&conversation]);
        if unknown.contains(&conversation) {
            assert!(got <= 1, "{conversation} received it {got} times");
        } else {
            assert_eq!(got, 1, "{conversation} received it {got} times");
        }
    }
    for r in report_after["excluded"].as_array().unwrap() {
        let conversation = r["conversation_id"].as_i64().unwrap();
        assert_eq!(
            received(&by_id[&conversation]),
            0,
            "{conversation} was excluded"
        );
    }
    // The news ends with the opt-out line.
    let one = control
        .sent()
        .await
        .into_iter()
        .find(|s| s.text.starts_with(NEWS))
        .unwrap();
    assert!(one.text.ends_with("STOP."), "{}", one.text);

    // The conversation JSON names the poster, the customer shows the consent it recorded.
    let list = json_of(cli(
        data,
        &["conversations", "--json", "--limit", "1000"],
        None,
    ));
    let tagged = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"] == POSTER)
        .count();
    assert_eq!(tagged as i64, arrived);
    let customer = json_of(cli(
        data,
        &["customers", "show", &ids[&fb[0].psid].to_string(), "--json"],
        None,
    ));
    assert_eq!(customer["source"], POSTER);
    assert_eq!(customer["consents"][0]["source"], "poster:vetrina-natale");
    assert_eq!(customer["consents"][0]["wording_version"], "2026-12");
    // The ledger for an inspector: one line per consent, withdrawals included.
    let csv = data.join("consent.csv");
    ok(cli(
        data,
        &["consent", "export", "--csv", &csv.display().to_string()],
        None,
    ));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count() as i64, arrived + 1);
    assert_eq!(text.matches("wrote \"\"STOP\"\"").count(), GROUP);
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
