//! Turning measurements into the table's rows, each with its target from the performance issue.

use crate::ingest::Ingest;
use crate::reads::ReadFigure;
use crate::report::{spread, thousands, Row};
use crate::stats::Spread;

fn rate(s: &Spread) -> String {
    if s.runs.len() <= 1 {
        return format!("{} msg/s", thousands(s.median));
    }
    format!(
        "{} msg/s ({}–{})",
        thousands(s.median),
        thousands(s.min),
        thousands(s.max)
    )
}

pub fn ingest(i: &Ingest) -> Row {
    let with_fts = i.app_rate.median / i.raw_fts_rate.median;
    let without = i.app_rate.median / i.raw_plain_rate.median;
    Row {
        what: format!(
            "ingest {} messages (normalize, dedupe, store, FTS, WAL; rate per tenth)",
            thousands(i.messages as f64)
        ),
        app: rate(&i.app_rate),
        baseline: format!(
            "raw inserts with FTS {}; without FTS {}",
            rate(&i.raw_fts_rate),
            rate(&i.raw_plain_rate)
        ),
        ratio: format!("{with_fts:.2}× with FTS, {without:.2}× without"),
        target: "≥ 0.5× raw with FTS, ≥ 50,000 msg/s".into(),
        met: Some(with_fts >= 0.5 && i.app_rate.median >= 50_000.0),
    }
}

pub fn disk(i: &Ingest) -> Row {
    let per = |bytes: u64| bytes as f64 / i.messages.max(1) as f64;
    let ratio = per(i.app_bytes) / per(i.raw_fts_bytes);
    Row {
        what: "disk per message (SQLite file after checkpoint)".into(),
        app: format!(
            "{:.0} B ({:.0} MB in all)",
            per(i.app_bytes),
            i.app_bytes as f64 / 1e6
        ),
        baseline: format!(
            "raw inserts with FTS {:.0} B ({:.0} MB)",
            per(i.raw_fts_bytes),
            i.raw_fts_bytes as f64 / 1e6
        ),
        ratio: format!("{ratio:.2}×"),
        target: "≤ 1.2× raw".into(),
        met: Some(ratio <= 1.2),
    }
}

fn latency_row(
    f: &ReadFigure,
    shown: &[(&str, &Spread, &Spread)],
    target: String,
    met: bool,
) -> Row {
    let side = |app: bool| {
        shown
            .iter()
            .map(|(name, a, b)| format!("{name} {} ms", spread(if app { a } else { b }, 3)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Row {
        what: f.what.clone(),
        app: side(true),
        baseline: format!("bare SQL: {}", side(false)),
        ratio: format!("{}×", spread(&f.ratio, 2)),
        target,
        met: Some(met),
    }
}

pub fn open_chat(f: &ReadFigure) -> Row {
    latency_row(
        f,
        &[
            ("p50", &f.app_p50, &f.bare_p50),
            ("p99", &f.app_p99, &f.bare_p99),
        ],
        "p99 < 2 ms".into(),
        f.app_p99.median < 2.0,
    )
}

/// The longest chat against the chat of 10 (the target), and against the chat of 1,000: both
/// of those give a full page of 50, where the chat of 10 gives 10.
pub fn long_versus_short(long: &ReadFigure, middle: &ReadFigure, short: &ReadFigure) -> Row {
    let ratio = long.app_p50.median / short.app_p50.median;
    Row {
        what: "open the longest chat versus a chat of 10 (and of 1,000)".into(),
        app: format!(
            "p50 {:.3} ms versus {:.3} ms ({:.3} ms for 1,000: {:.2}×)",
            long.app_p50.median,
            short.app_p50.median,
            middle.app_p50.median,
            long.app_p50.median / middle.app_p50.median
        ),
        baseline: format!(
            "bare SQL: {:.3} ms versus {:.3} ms",
            long.bare_p50.median, short.bare_p50.median
        ),
        ratio: format!("{ratio:.2}×"),
        target: "within 1.2× the chat of 10".into(),
        met: Some(ratio <= 1.2),
    }
}

pub fn conversation_list(f: &ReadFigure) -> Row {
    latency_row(
        f,
        &[
            ("p50", &f.app_p50, &f.bare_p50),
            ("p99", &f.app_p99, &f.bare_p99),
        ],
        "p99 < 5 ms".into(),
        f.app_p99.median < 5.0,
    )
}

/// The Figures view: "instant" is under 100 ms, the time a click feels immediate.
pub fn figures(f: &ReadFigure) -> Row {
    latency_row(
        f,
        &[
            ("p50", &f.app_p50, &f.bare_p50),
            ("p99", &f.app_p99, &f.bare_p99),
        ],
        "p99 < 100 ms".into(),
        f.app_p99.median < 100.0,
    )
}

pub fn search(f: &ReadFigure) -> Row {
    latency_row(
        f,
        &[
            ("p50", &f.app_p50, &f.bare_p50),
            ("p95", &f.app_p95, &f.bare_p95),
        ],
        "p95 < 20 ms, within 1.5× bare".into(),
        f.app_p95.median < 20.0 && f.ratio.median <= 1.5,
    )
}

/// A figure this run could not measure, with the reason.
pub fn not_measured(what: &str, target: &str, why: &str) -> Row {
    Row {
        what: what.into(),
        app: format!("not measured: {why}"),
        baseline: "—".into(),
        ratio: "—".into(),
        target: target.into(),
        met: None,
    }
}

pub fn live(l: &crate::live::Live) -> Row {
    let flat = l.last_tenth_p99_ms <= 2.0 * l.first_tenth_p99_ms + 5.0;
    Row {
        what: format!(
            "live delivery: signed webhook → event out of core, {} deliveries/s for {} s",
            thousands(l.rate_per_s as f64),
            l.seconds
        ),
        app: format!(
            "p50 {:.2} ms, p99 {:.2} ms (max {:.1}); p99 first/last tenth {:.2}/{:.2} ms; most waiting {}; {} of {} out",
            l.p50_ms, l.p99_ms, l.max_ms, l.first_tenth_p99_ms, l.last_tenth_p99_ms, l.max_backlog, l.delivered, l.sent
        ),
        baseline: format!(
            "raw single-row insert: p50 {:.3} ms, p99 {:.3} ms",
            l.raw_insert_p50_ms, l.raw_insert_p99_ms
        ),
        ratio: format!("{:.1}× (p99)", l.p99_ms / l.raw_insert_p99_ms),
        target: "p99 < 20 ms, backlog flat".into(),
        met: Some(l.p99_ms < 20.0 && flat && l.delivered == l.sent),
    }
}

pub fn cold_start(c: &crate::app::ColdStart, large_messages: u64) -> [Row; 2] {
    let small_over = c.small_ms.median - c.blank_ms.median;
    let large_over = c.large_ms.median - c.blank_ms.median;
    let large_vs_small = c.large_ms.median / c.small_ms.median;
    [
        Row {
            what: "cold start: launch → inbox painted, 1,000-message shop".into(),
            app: format!("{} ms", spread(&c.small_ms, 0)),
            baseline: format!("blank Tauri window {} ms", spread(&c.blank_ms, 0)),
            ratio: format!(
                "{:.2}× (+{small_over:.0} ms)",
                c.small_ms.median / c.blank_ms.median
            ),
            target: "≤ blank + 150 ms".into(),
            met: Some(small_over <= 150.0),
        },
        Row {
            what: format!(
                "cold start: launch → inbox painted, {}-message shop",
                thousands(large_messages as f64)
            ),
            app: format!("{} ms", spread(&c.large_ms, 0)),
            baseline: format!(
                "blank Tauri window {} ms; 1,000-message shop {} ms",
                spread(&c.blank_ms, 0),
                spread(&c.small_ms, 0)
            ),
            ratio: format!("+{large_over:.0} ms over blank; {large_vs_small:.2}× the small shop"),
            target: "≤ blank + 150 ms; within 1.1× of 1,000".into(),
            met: Some(large_over <= 150.0 && large_vs_small <= 1.1),
        },
    ]
}

pub fn idle_memory(m: &crate::app::Memory, large_messages: u64) -> Row {
    let over = m.app_mb - m.blank_mb;
    Row {
        what: format!(
            "memory after {} s idle, {}-message shop (PSS of the whole process tree)",
            m.idle_seconds,
            thousands(large_messages as f64)
        ),
        app: format!("{:.0} MB", m.app_mb),
        baseline: format!("blank Tauri window {:.0} MB", m.blank_mb),
        ratio: format!("{:.2}× (+{over:.0} MB)", m.app_mb / m.blank_mb),
        target: "≤ blank + 60 MB".into(),
        met: Some(over <= 60.0),
    }
}

pub fn installer(app_deb: &std::path::Path, blank_deb: &std::path::Path) -> Option<Row> {
    let size = |p: &std::path::Path| std::fs::metadata(p).ok().map(|m| m.len() as f64 / 1e6);
    let (app, blank) = (size(app_deb)?, size(blank_deb)?);
    Some(Row {
        what: "installer size (.deb)".into(),
        app: format!("{app:.1} MB"),
        baseline: format!("blank Tauri window's .deb {blank:.1} MB"),
        ratio: format!("{:.2}× (+{:.1} MB)", app / blank, app - blank),
        target: "≤ blank + 10 MB".into(),
        met: Some(app - blank <= 10.0),
    })
}

pub fn session_growth(
    s: &crate::window::session::Session,
    (length, asked): (std::time::Duration, std::time::Duration),
    blank_start_mb: f64,
    blank_end_mb: f64,
    large_messages: u64,
) -> Row {
    let growth = s.growth_mb();
    Row {
        what: format!(
            "memory growth over a scripted {}-minute session on the {}-message shop (open a chat, read back, search, open a result; {} rounds){}",
            minutes(length.as_secs()),
            thousands(large_messages as f64),
            s.rounds,
            if length < asked {
                format!(
                    "; cut from {} minutes by make bench's half-hour budget, which the installs and builds before it had used",
                    minutes(asked.as_secs())
                )
            } else {
                String::new()
            }
        ),
        app: format!(
            "{growth:+.1} MB ({:.0} → {:.0} MB, peak {:.0} MB); after the first minute {:+.1} MB",
            s.start_mb,
            s.end_mb,
            s.max_mb,
            s.growth_after_first_minute_mb()
        ),
        baseline: format!(
            "blank Tauri window idling beside it: {:+.1} MB ({blank_start_mb:.0} → {blank_end_mb:.0} MB)",
            blank_end_mb - blank_start_mb
        ),
        ratio: format!("{:+.1} MB over the blank window's", growth - (blank_end_mb - blank_start_mb)),
        target: "growth ≤ 20 MB".into(),
        met: Some(growth <= 20.0),
    }
}

/// Minutes, to the nearest half.
fn minutes(seconds: u64) -> String {
    let halves = (seconds as f64 / 30.0).round() / 2.0;
    if halves.fract() == 0.0 {
        format!("{halves:.0}")
    } else {
        format!("{halves:.1}")
    }
}

pub fn under_load(l: &crate::window::load::UnderLoad) -> Row {
    let typing = |t: &crate::window::load::Typing| {
        format!(
            "key → next frame p95 {:.1} ms (p50 {:.1}, max {:.1}; {} keys in {:.0} s); {} main-thread stalls over 50 ms{}",
            t.p95_ms,
            t.p50_ms,
            t.max_ms,
            t.keys,
            t.seconds,
            t.long_tasks,
            if t.long_tasks > 0 {
                format!(" (longest {:.0} ms)", t.longest_task_ms)
            } else {
                String::new()
            }
        )
    };
    Row {
        what: format!(
            "UI under load: typing in search while {} Telegram messages arrive, are stored and shown ({:.0} s)",
            thousands(l.messages as f64),
            l.ingest_seconds
        ),
        app: typing(&l.loaded),
        baseline: format!("the same typing, window idle: {}", typing(&l.idle)),
        ratio: format!("{:.2}× (p95)", l.loaded.p95_ms / l.idle.p95_ms),
        target: "no long tasks; input p95 < 100 ms".into(),
        met: Some(l.loaded.long_tasks == 0 && l.loaded.p95_ms < 100.0),
    }
}

pub fn scroll(
    s: &crate::window::scroll::Scroll,
    composited: &crate::window::scroll::Scroll,
) -> Row {
    let frames = |f: &crate::window::Frames| {
        format!(
            "{} of {} frames over 16.7 ms ({:.2}%); frame p50 {:.1} ms, p99 {:.1} ms, max {:.0} ms",
            f.over_budget,
            f.count,
            100.0 * f.share_over(),
            f.p50_ms,
            f.p99_ms,
            f.max_ms
        )
    };
    Row {
        what: format!(
            "scroll back through the 100,000-message chat, {} px a frame for {} frames, {} runs ({} messages through the page per run; WebKit painting on the CPU, as Xvfb has no GPU: with its GL emulated on the same cores, {:.0}% of the app's frames and {:.0}% of the baseline's were over in a run of {})",
            s.step_px,
            s.app.count / s.runs.max(1),
            s.runs,
            thousands(s.messages_passed as f64),
            100.0 * composited.app.share_over(),
            100.0 * composited.baseline.share_over(),
            composited.app.count / composited.runs.max(1)
        ),
        app: frames(&s.app),
        baseline: format!("the same view fed from an array in memory: {}", frames(&s.baseline)),
        ratio: format!(
            "{:.2} vs {:.2} percentage points",
            100.0 * s.app.share_over(),
            100.0 * s.baseline.share_over()
        ),
        target: "≤ 1% of frames over 16.7 ms".into(),
        met: Some(s.app.share_over() <= 0.01),
    }
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn session_lengths_read_in_half_minutes() {
        assert_eq!(minutes(1200), "20");
        assert_eq!(minutes(700), "11.5");
        assert_eq!(minutes(14), "0");
    }
}
