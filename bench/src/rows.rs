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

pub fn long_versus_short(long: &ReadFigure, short: &ReadFigure) -> Row {
    let ratio = long.app_p50.median / short.app_p50.median;
    Row {
        what: "open the longest chat versus a chat of 10".into(),
        app: format!(
            "p50 {:.3} ms versus {:.3} ms",
            long.app_p50.median, short.app_p50.median
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
