//! Scrolling back through the 100,000-message chat: frame intervals while a script moves the
//! chat up a fixed distance every frame, in the app (pages read from the store as the window
//! slides over the history) and in the same view fed from an array in memory, run after run.
//!
//! Xvfb has no GPU: with WebKit's compositing on, its GL runs in software on the same two cores
//! and most frames miss whatever the page does. The figure is measured with compositing off
//! (WebKit paints on the CPU, as it draws on a machine whose GPU composites); one run with
//! compositing on is kept beside it.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sportello_e2e::AppWindow;
use thirtyfour::prelude::*;

use super::{open_chat, wait_for, Frames};

/// How far the chat moves each frame: a quick flick of the wheel, kept up.
pub const STEP_PX: u32 = 60;
/// Frames per run: 20 s at 60 Hz.
pub const FRAMES: u32 = 1_200;
/// Frames of the run with compositing on, kept only to show why the figure paints on the CPU:
/// nearly every frame misses there, so a shorter run says as much.
pub const COMPOSITED_FRAMES: u32 = 300;

#[derive(Debug, Clone, Serialize)]
pub struct Scroll {
    pub compositing: bool,
    pub runs: usize,
    pub step_px: u32,
    pub app: Frames,
    pub baseline: Frames,
    /// Messages that passed through the page in one run (median over runs), in the app.
    pub messages_passed: usize,
    pub app_intervals_ms: Vec<f64>,
    pub baseline_intervals_ms: Vec<f64>,
}

#[derive(Deserialize)]
struct Run {
    intervals: Vec<f64>,
    seen: usize,
}

const SCROLL_BACK: &str = r#"const [step, frames, done] = arguments;
const chat = document.querySelector("[data-testid=chat-scroller]");
const seen = new Set();
const intervals = [];
let previous = null;
let n = 0;
function frame(now) {
  if (previous !== null) intervals.push(now - previous);
  previous = now;
  if (n % 20 === 0) for (const el of chat.querySelectorAll("[data-message-id]")) seen.add(el.dataset.messageId);
  chat.scrollTop = Math.max(0, chat.scrollTop - step);
  if (++n <= frames) requestAnimationFrame(frame);
  else done({ intervals, seen: seen.size });
}
requestAnimationFrame(frame);"#;

pub async fn run(
    app: &Path,
    data_dir: &Path,
    chat: i64,
    runs: usize,
    compositing: bool,
) -> Result<Scroll> {
    let frames = if compositing {
        COMPOSITED_FRAMES
    } else {
        FRAMES
    };
    let env: &[(&str, &str)] = if compositing {
        &[]
    } else {
        &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")]
    };
    let window = AppWindow::launch_binary(app, data_dir, env).await;
    let d = &window.driver;
    d.set_script_timeout(Duration::from_secs(120)).await?;
    let (mut app_intervals, mut baseline_intervals, mut passed) = (vec![], vec![], vec![]);
    for round in 1..=runs {
        reload_at(d, "").await?;
        open_chat(d, chat).await?;
        // A chat with unread messages opens at the first of them: start from the newest.
        if let Ok(newest) = d.find(By::Css("[data-testid=to-newest]")).await {
            newest.click().await?;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let app_run = scroll_back(d, frames).await?;
        reload_at(d, &format!("#scroll-baseline={chat}")).await?;
        wait_for(
            d,
            "[data-testid=baseline-ready] [data-message-id]",
            Duration::from_secs(180),
        )
        .await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let baseline_run = scroll_back(d, frames).await?;
        let (a, b) = (
            Frames::of(&app_run.intervals),
            Frames::of(&baseline_run.intervals),
        );
        eprintln!(
            "  scroll round {round}: app {} of {} frames over budget (p99 {:.1} ms, {} messages passed), in memory {} (p99 {:.1} ms)",
            a.over_budget, a.count, a.p99_ms, app_run.seen, b.over_budget, b.p99_ms
        );
        passed.push(app_run.seen);
        app_intervals.extend(app_run.intervals);
        baseline_intervals.extend(baseline_run.intervals);
    }
    window.quit().await;
    passed.sort_unstable();
    Ok(Scroll {
        compositing,
        runs,
        step_px: STEP_PX,
        app: Frames::of(&app_intervals),
        baseline: Frames::of(&baseline_intervals),
        messages_passed: passed[passed.len() / 2],
        app_intervals_ms: app_intervals,
        baseline_intervals_ms: baseline_intervals,
    })
}

/// Reloads the window's page at `hash` (the app itself, or the baseline's view).
async fn reload_at(d: &WebDriver, hash: &str) -> Result<()> {
    d.execute(
        "location.hash = arguments[0]; setTimeout(() => location.reload(), 0);",
        vec![json!(hash)],
    )
    .await
    .context("reload the window")?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok(())
}

async fn scroll_back(d: &WebDriver, frames: u32) -> Result<Run> {
    let ran = d
        .execute_async(SCROLL_BACK, vec![json!(STEP_PX), json!(frames)])
        .await
        .context("scroll the chat")?;
    Ok(serde_json::from_value(ran.json().clone())?)
}
