//! A scripted working session on the 1,000,000-message shop: open a chat from somewhere in the
//! list, read a few screens back, search and open a result, over and over. The PSS of the app's
//! whole process tree (WebKit's processes included) is read after a rest at the start, every
//! minute, and after a rest at the end: the growth is the end minus the start.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use sportello_e2e::desktop::app_pid;
use sportello_e2e::AppWindow;
use thirtyfour::prelude::*;

use super::wait_for;
use crate::app::{pss_by_process, pss_of_tree_mb};

/// What the owner searches for, in turn: common, rare, prefixes, four languages.
const SEARCHES: [&str; 8] = [
    "grazie", "torta", "prenot", "babà", "cornetti", "bolo", "gracias", "thanks",
];

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub seconds: u64,
    pub rounds: usize,
    pub start_mb: f64,
    pub end_mb: f64,
    pub max_mb: f64,
    /// (seconds into the session, PSS in MB), one a minute.
    pub samples: Vec<(u64, f64)>,
    /// Where the memory is, per process, at the start and at the end.
    pub start_processes: Vec<(String, f64)>,
    pub end_processes: Vec<(String, f64)>,
}

impl Session {
    pub fn growth_mb(&self) -> f64 {
        self.end_mb - self.start_mb
    }

    /// Growth after the first minute, once every path has run: what a leak would show as.
    pub fn growth_after_first_minute_mb(&self) -> f64 {
        let warm = self.samples.get(1).map_or(self.start_mb, |s| s.1);
        self.end_mb - warm
    }
}

pub async fn run(app: &Path, data_dir: &Path, length: Duration, rest: Duration) -> Result<Session> {
    let window = AppWindow::launch_binary(app, data_dir, &[]).await;
    let d = &window.driver;
    d.set_script_timeout(Duration::from_secs(60)).await?;
    wait_for(d, "[data-testid=conversation]", Duration::from_secs(60)).await?;
    let pid = app_pid(data_dir).context("find the app's process")?;
    tokio::time::sleep(rest).await;
    let start_mb = pss_of_tree_mb(pid);
    let start_processes = pss_by_process(pid);
    let mut samples = vec![(0, start_mb)];
    let began = Instant::now();
    let mut rounds = 0;
    while began.elapsed() < length {
        one_round(d, rounds).await?;
        rounds += 1;
        let minute = began.elapsed().as_secs() / 60 * 60;
        if minute > samples.last().map_or(0, |s| s.0) {
            let mb = pss_of_tree_mb(pid);
            eprintln!(
                "  session: {} min, {rounds} rounds, {mb:.0} MB",
                minute / 60
            );
            samples.push((minute, mb));
        }
    }
    tokio::time::sleep(rest).await;
    let end_mb = pss_of_tree_mb(pid);
    let end_processes = pss_by_process(pid);
    let seconds = began.elapsed().as_secs();
    samples.push((seconds, end_mb));
    window.quit().await;
    Ok(Session {
        seconds,
        rounds,
        start_mb,
        end_mb,
        max_mb: samples.iter().map(|s| s.1).fold(0.0, f64::max),
        samples,
        start_processes,
        end_processes,
    })
}

/// Open a chat, read back, search, open a result.
async fn one_round(d: &WebDriver, i: usize) -> Result<()> {
    d.execute(
        r#"const [i] = arguments;
           const list = document.querySelector("[data-testid=conversation-scroller]");
           list.scrollTop = (i * 7919 * 72) % Math.max(1, list.scrollHeight - list.clientHeight);"#,
        vec![json!(i)],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    d.execute(
        r#"const [i] = arguments;
           const rows = document.querySelectorAll("[data-testid=conversation]");
           rows[(i * 31) % rows.length].click();"#,
        vec![json!(i)],
    )
    .await?;
    wait_for(
        d,
        "[data-testid=chat-scroller] [data-message-id]",
        Duration::from_secs(30),
    )
    .await?;
    // Read back: 90 frames of a steady scroll up.
    d.execute_async(
        r#"const done = arguments[arguments.length - 1];
           const chat = document.querySelector("[data-testid=chat-scroller]");
           let n = 0;
           (function frame() {
             chat.scrollTop = Math.max(0, chat.scrollTop - 40);
             if (++n < 90) requestAnimationFrame(frame); else done(true);
           })();"#,
        vec![],
    )
    .await?;
    let search = d.find(By::Css("[data-testid=search]")).await?;
    search.send_keys(SEARCHES[i % SEARCHES.len()]).await?;
    tokio::time::sleep(Duration::from_millis(700)).await;
    match d.find(By::Css("[data-testid=search-hit]")).await {
        Ok(hit) => hit.click().await?,
        Err(_) => search.send_keys(Key::Escape).await?,
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    Ok(())
}
