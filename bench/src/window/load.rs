//! Typing while a big history arrives: the owner types in the search box, a key every 100 ms,
//! while 100,000 Telegram messages from 500 customers are fetched, stored and shown; and the
//! same typing in the same window before, while it is idle. The window measures each key press
//! until the next frame, from the event's timestamp (WebKit takes it from the platform event,
//! so time spent waiting behind busy script counts), and every stall of its main thread over
//! 50 ms: a frame interval over 50 ms, or a Long Tasks API entry where WebKit has that API.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sportello_core::model::ChannelKind;
use sportello_core::secrets::SecretName;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_e2e::AppWindow;
use sportello_sim::telegram::Customer;
use sportello_sim::{Sim, SimOptions};
use thirtyfour::prelude::*;

use super::{percentile, wait_for};

pub const LONG_TASK_MS: f64 = 50.0;

#[derive(Debug, Clone, Serialize)]
pub struct UnderLoad {
    pub messages: usize,
    /// From the sim holding the messages to the last one stored.
    pub ingest_seconds: f64,
    pub idle: Typing,
    pub loaded: Typing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Typing {
    pub seconds: f64,
    pub keys: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub long_tasks: usize,
    pub longest_task_ms: f64,
    pub long_tasks_api: bool,
}

#[derive(Deserialize)]
struct Probe {
    keys: Vec<f64>,
    gaps: Vec<f64>,
    longtasks: Vec<f64>,
    api: bool,
}

const PROBE: &str = r#"
const probe = { keys: [], gaps: [], longtasks: [], api: false };
window.__probe = probe;
let previous = performance.now();
requestAnimationFrame(function frame(now) {
  probe.gaps.push(now - previous);
  previous = now;
  requestAnimationFrame(frame);
});
addEventListener("keydown", (e) => {
  const at = e.timeStamp;
  requestAnimationFrame(() => probe.keys.push(performance.now() - at));
}, true);
if ((PerformanceObserver.supportedEntryTypes || []).includes("longtask")) {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.longtasks.push(e.duration); })
    .observe({ type: "longtask" });
  probe.api = true;
}"#;

const COLLECT: &str = r#"
const p = window.__probe;
const out = { keys: p.keys, gaps: p.gaps, longtasks: p.longtasks, api: p.api };
p.keys = []; p.gaps = []; p.longtasks = [];
return out;"#;

pub async fn run(app: &Path, messages: usize, idle: Duration) -> Result<UnderLoad> {
    let options = SimOptions::default();
    let sim = Sim::start(options.clone()).await?;
    let dir = tempfile::tempdir()?;
    Inbox::open(dir.path(), sportello_channels::connect)?
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name: "Forno".into(),
            api_base: Some(sim.url()),
            secrets: AccountSecrets::default()
                .with(SecretName::BotToken, options.telegram_token.clone()),
            is_demo: false,
            ids: Default::default(),
        })
        .await
        .context(
            "add the Telegram account (needs the keyring: run inside scripts/headless-session.sh)",
        )?;
    let window = AppWindow::launch_binary(app, dir.path(), &[]).await;
    let d = &window.driver;
    let search = wait_for(d, "[data-testid=search]", Duration::from_secs(60)).await?;
    // Sync starts after the first paint; let the account connect.
    tokio::time::sleep(Duration::from_secs(5)).await;
    d.execute(PROBE, vec![]).await?;

    let began = Instant::now();
    type_until(&search, || began.elapsed() >= idle).await?;
    let idle = typing(d, began.elapsed()).await?;

    let store = sportello_core::paths::cache_file(dir.path());
    let customers: Vec<Customer> = (0..500)
        .map(|i| Customer::new(40_000 + i, &format!("Cliente {i}")))
        .collect();
    for i in 0..messages {
        sim.telegram().customer_says(
            &customers[i % customers.len()],
            &format!("Ordine {i}: due cornetti e una torta al cioccolato per sabato 🥐"),
            None,
        );
    }
    let began = Instant::now();
    let mut stored = 0;
    let mut checked = Instant::now();
    type_until(&search, || {
        if checked.elapsed() >= Duration::from_millis(500) {
            checked = Instant::now();
            stored = stored_messages(&store).unwrap_or(stored);
        }
        stored >= messages || began.elapsed() > Duration::from_secs(600)
    })
    .await?;
    let ingest_seconds = began.elapsed().as_secs_f64();
    let loaded = typing(d, began.elapsed()).await?;
    anyhow::ensure!(
        stored >= messages,
        "only {stored} of {messages} messages were stored in 10 minutes"
    );
    window.quit().await;
    Ok(UnderLoad {
        messages,
        ingest_seconds,
        idle,
        loaded,
    })
}

/// Types "grazie" and rubs it out again, a key every 100 ms, until `done`.
async fn type_until(search: &WebElement, mut done: impl FnMut() -> bool) -> Result<()> {
    let word: Vec<String> = "grazie".chars().map(String::from).collect();
    let mut i = 0;
    while !done() {
        let step = i % (2 * word.len());
        if step < word.len() {
            search.send_keys(word[step].as_str()).await?;
        } else {
            search.send_keys(Key::Backspace).await?;
        }
        i += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn typing(d: &WebDriver, took: Duration) -> Result<Typing> {
    let probe: Probe = serde_json::from_value(d.execute(COLLECT, vec![]).await?.json().clone())?;
    let stalls: Vec<f64> = if probe.api {
        probe.longtasks.clone()
    } else {
        probe
            .gaps
            .iter()
            .copied()
            .filter(|ms| *ms > LONG_TASK_MS)
            .collect()
    };
    Ok(Typing {
        seconds: took.as_secs_f64(),
        keys: probe.keys.len(),
        p50_ms: percentile(&probe.keys, 50.0),
        p95_ms: percentile(&probe.keys, 95.0),
        max_ms: probe.keys.iter().copied().fold(0.0, f64::max),
        long_tasks: stalls.len(),
        longest_task_ms: stalls.iter().copied().fold(0.0, f64::max),
        long_tasks_api: probe.api,
    })
}

fn stored_messages(store: &Path) -> Result<usize> {
    let db =
        rusqlite::Connection::open_with_flags(store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let n: i64 = db.query_row("SELECT count(*) FROM messages", [], |r| r.get(0))?;
    Ok(n as usize)
}
