//! Live delivery: Meta posting signed WhatsApp webhooks to the app's receiver at a steady rate,
//! timed from the POST leaving to the "messages added" event leaving core (what the window and
//! the notifications react to). The receiver, the durable inbox, the sync task and ingest are
//! the app's own, on a real cache file, with the account's secrets in the real keyring. The
//! baseline, interleaved tick by tick, is one raw single-row insert into the same schema.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;
use sportello_core::model::ChannelKind;
use sportello_core::secrets::SecretName;
use sportello_core::{AccountIds, AccountSecrets, CoreEvent, Inbox, NewAccount};
use sportello_meta::{Receiver, ReceiverOptions, WEBHOOK_PATH};
use sportello_sim::{Sim, SimOptions, WhatsAppOptions};

use crate::stats::Samples;

#[derive(Debug, Clone, Serialize)]
pub struct Live {
    pub rate_per_s: u32,
    pub seconds: u64,
    pub sent: usize,
    pub delivered: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// p99 of the first and of the last tenth of the run: a growing backlog shows as a rise.
    pub first_tenth_p99_ms: f64,
    pub last_tenth_p99_ms: f64,
    /// Most messages sent but not yet out of core at any one second, and at the end.
    pub max_backlog: usize,
    pub raw_insert_p50_ms: f64,
    pub raw_insert_p99_ms: f64,
}

/// When a "messages added" event left core, and the messages it carried (local ids).
type Arrival = (Instant, Vec<i64>);

fn body(phone_number_id: &str, n: usize) -> serde_json::Value {
    let customer = format!("39333{:07}", n % 500);
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "2093847561029384", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "390212345678", "phone_number_id": phone_number_id },
            "contacts": [{ "profile": { "name": format!("Cliente {}", n % 500) }, "wa_id": customer }],
            "messages": [{ "from": customer, "id": format!("wamid.live.{n}"), "timestamp": "1793491200",
                           "type": "text", "text": { "body": format!("Ordine numero {n}: due cornetti 🥐") } }],
        }}]}],
    })
}

pub async fn run(rate_per_s: u32, seconds: u64) -> Result<Live> {
    let options = WhatsAppOptions::default();
    let sim = Sim::start(SimOptions {
        whatsapp: options.clone(),
        ..SimOptions::default()
    })
    .await?;
    let dir = tempfile::tempdir()?;
    let inbox = Inbox::open(dir.path(), sportello_channels::connect)?;
    inbox
        .add_account(NewAccount {
            channel: ChannelKind::Whatsapp,
            name: "Forno".into(),
            api_base: Some(sim.graph_url()),
            secrets: AccountSecrets::default()
                .with(SecretName::AccessToken, options.access_token.clone())
                .with(SecretName::AppSecret, options.app_secret.clone())
                .with(SecretName::VerifyToken, "bench"),
            is_demo: false,
            ids: AccountIds {
                remote_id: Some(options.phone_number_id.clone()),
                business_account_id: Some(options.business_account_id.clone()),
            },
        })
        .await
        .context(
            "add the WhatsApp account (needs the keyring: run inside scripts/headless-session.sh)",
        )?;
    let receiver = Receiver::start(
        inbox.clone(),
        ReceiverOptions {
            listen: "127.0.0.1:0".parse()?,
            ..Default::default()
        },
    )
    .await?;
    inbox.start_sync(inbox.lock_sync()?).await?;
    let url = format!("http://{}{WEBHOOK_PATH}", receiver.local_addr());
    // The steady state is measured: the account first connects and says it is live.
    let live_by = Instant::now() + Duration::from_secs(30);
    while !inbox
        .account_states()
        .iter()
        .any(|s| s.state == sportello_core::AccountState::Live)
    {
        anyhow::ensure!(
            Instant::now() < live_by,
            "the WhatsApp account never went live"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // When each stored message's event left core, by local message id.
    let arrived: Arc<Mutex<Vec<Arrival>>> = Arc::default();
    let mut events = inbox.subscribe();
    let into = arrived.clone();
    let listener = tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let CoreEvent::MessagesAdded { messages, .. } = event {
                into.lock().unwrap().push((Instant::now(), messages));
            }
        }
    });

    let raw_dir = tempfile::tempdir()?;
    let raw_file = raw_dir.path().join("raw.sqlite");
    crate::ingest::add_accounts(&sportello_core::store::Store::open(&raw_file)?)?;
    let raw = Connection::open(&raw_file)?;
    raw.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    raw.execute(
        "INSERT INTO conversations (account_id, remote_id, title) VALUES (1, 'c', 'Cliente')",
        [],
    )?;
    let mut raw_samples = Samples::default();

    let client = reqwest::Client::new();
    let total = (rate_per_s as u64 * seconds) as usize;
    let mut sent_at: Vec<Instant> = Vec::with_capacity(total);
    let mut backlog_marks: Vec<(Instant, usize)> = Vec::new();
    let started = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs(1) / rate_per_s);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for n in 0..total {
        ticker.tick().await;
        let payload = serde_json::to_vec(&body(&options.phone_number_id, n))?;
        let signature = sportello_meta::signature::sign(&options.app_secret, &payload);
        sent_at.push(Instant::now());
        let request = client
            .post(&url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(payload);
        tokio::spawn(async move {
            if let Err(e) = request.send().await.and_then(|r| r.error_for_status()) {
                eprintln!("  delivery {n} refused: {e}");
            }
        });
        let t = Instant::now();
        raw.prepare_cached(
            "INSERT INTO messages (account_id, conversation_id, remote_id, direction, text, sent_at, stored_at, status)
             VALUES (1, 1, ?1, 'in', ?2, 0, 0, 'received')",
        )?
        .execute(params![format!("raw.{n}"), format!("Ordine numero {n}")])?;
        raw_samples.push(t.elapsed());
        if n % rate_per_s as usize == 0 {
            let out: usize = arrived.lock().unwrap().iter().map(|(_, m)| m.len()).sum();
            backlog_marks.push((Instant::now(), n - out.min(n)));
        }
    }
    // Let the tail drain (bounded, so a stuck pipeline still reports).
    let deadline = Instant::now() + Duration::from_secs(30);
    while arrived
        .lock()
        .unwrap()
        .iter()
        .map(|(_, m)| m.len())
        .sum::<usize>()
        < total
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let elapsed = started.elapsed();
    inbox.stop_sync().await;
    listener.abort();

    // Local ids back to the n in "wamid.live.{n}".
    let store = Connection::open(sportello_core::paths::cache_file(dir.path()))?;
    let mut by_id: HashMap<i64, usize> = HashMap::new();
    let mut stmt = store.prepare("SELECT id, remote_id FROM messages")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, remote) = row?;
        if let Some(n) = remote
            .strip_prefix("wamid.live.")
            .and_then(|n| n.parse().ok())
        {
            by_id.insert(id, n);
        }
    }
    let mut all = Samples::default();
    let (mut first, mut last) = (Samples::default(), Samples::default());
    let mut max_ms: f64 = 0.0;
    let mut delivered = 0;
    for (at, ids) in arrived.lock().unwrap().iter() {
        for id in ids {
            let Some(&n) = by_id.get(id) else { continue };
            let latency = at.duration_since(sent_at[n]);
            delivered += 1;
            max_ms = max_ms.max(latency.as_secs_f64() * 1e3);
            all.push(latency);
            if n < total / 10 {
                first.push(latency);
            } else if n >= total - total / 10 {
                last.push(latency);
            }
        }
    }
    eprintln!(
        "  live: {delivered}/{total} delivered in {:.1} s",
        elapsed.as_secs_f64()
    );
    drop(sim);
    Ok(Live {
        rate_per_s,
        seconds,
        sent: total,
        delivered,
        p50_ms: all.percentile_ms(50.0),
        p99_ms: all.percentile_ms(99.0),
        max_ms,
        first_tenth_p99_ms: first.percentile_ms(99.0),
        last_tenth_p99_ms: last.percentile_ms(99.0),
        max_backlog: backlog_marks.iter().map(|(_, b)| *b).max().unwrap_or(0),
        raw_insert_p50_ms: raw_samples.percentile_ms(50.0),
        raw_insert_p99_ms: raw_samples.percentile_ms(99.0),
    })
}
