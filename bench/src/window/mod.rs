//! Whole-app figures that need the window driven like a person, through tauri-driver and
//! WebKitWebDriver as the window tests drive it: scrolling a long chat (frame times, against
//! the same view fed from memory), a long scripted session (memory growth), and typing while a
//! big history arrives (input latency and main-thread stalls, against the same typing idle).

pub mod load;
pub mod scroll;
pub mod session;

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use serde_json::json;
use thirtyfour::prelude::*;

pub use crate::stats::percentile;

/// A frame's budget at 60 Hz.
pub const FRAME_BUDGET_MS: f64 = 1000.0 / 60.0;

/// Frame intervals as requestAnimationFrame saw them.
#[derive(Debug, Clone, Serialize)]
pub struct Frames {
    pub count: usize,
    /// Frames that took longer than the budget: the interval to the next frame was more than
    /// one refresh (with 2 ms for timer jitter, since frames are paced by a timer on Xvfb).
    pub over_budget: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Frames {
    pub fn of(intervals: &[f64]) -> Frames {
        Frames {
            count: intervals.len(),
            over_budget: intervals
                .iter()
                .filter(|ms| **ms > FRAME_BUDGET_MS + 2.0)
                .count(),
            p50_ms: percentile(intervals, 50.0),
            p99_ms: percentile(intervals, 99.0),
            max_ms: intervals.iter().copied().fold(0.0, f64::max),
        }
    }

    pub fn share_over(&self) -> f64 {
        self.over_budget as f64 / self.count.max(1) as f64
    }
}

/// Waits until `css` matches something in the window.
pub async fn wait_for(d: &WebDriver, css: &str, limit: Duration) -> Result<WebElement> {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(found) = d.find(By::Css(css)).await {
            return Ok(found);
        }
        if Instant::now() > deadline {
            bail!("the window never showed {css}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the chat `id` from the chat list, scrolling the (virtualized) list until its row is
/// in the page, and waits for its messages.
pub async fn open_chat(d: &WebDriver, id: i64) -> Result<()> {
    wait_for(
        d,
        "[data-testid=conversation-scroller]",
        Duration::from_secs(60),
    )
    .await?;
    let found = d
        .execute_async(
            r#"const [id, done] = arguments;
               const list = document.querySelector("[data-testid=conversation-scroller]");
               let y = 0;
               let tries = 0;
               (function look() {
                 try {
                   const row = document.querySelector(`[data-conversation-id="${id}"]`);
                   if (row) { row.click(); done(true); return; }
                   if (y > list.scrollHeight || ++tries > 400) {
                     done({ y, height: list.scrollHeight, shown: list.clientHeight, tries, w: innerWidth, h: innerHeight, v: document.visibilityState, r: JSON.stringify(list.getBoundingClientRect()), p: list.parentElement.clientHeight });
                     return;
                   }
                   y += list.clientHeight;
                   list.scrollTop = y;
                   setTimeout(look, 50);
                 } catch (e) { done(String(e)); }
               })();"#,
            vec![json!(id)],
        )
        .await
        .context("look for the chat in the list")?;
    if found.json() != &json!(true) {
        bail!("chat {id} is not in the chat list: {}", found.json());
    }
    wait_for(
        d,
        "[data-testid=chat-scroller] [data-message-id]",
        Duration::from_secs(30),
    )
    .await?;
    // Let the first pages (a screen's worth either side) settle.
    tokio::time::sleep(Duration::from_secs(1)).await;
    Ok(())
}
