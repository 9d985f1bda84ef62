//! `sportello-bench`: generates the shop history, measures every figure against its baseline
//! in the same run, prints the table and writes bench/results.md and bench/results.json.

use std::path::PathBuf;

use std::time::{Duration, SystemTime};

use anyhow::Result;
use clap::Parser;
use serde_json::json;
use sportello_bench::phases::Phases;
use sportello_bench::report::{Report, Row};
use sportello_bench::{app, budget, ingest, live, machine, reads, rows, window};
use sportello_sim::history::{ShopHistory, RARE_WORD};

#[derive(Parser)]
#[command(about = "Sportello's benchmarks, each against a baseline measured in the same run")]
struct Args {
    /// Messages in the generated history.
    #[arg(long, default_value_t = 1_000_000)]
    messages: u64,
    /// Conversations in the generated history.
    #[arg(long, default_value_t = 5_000)]
    chats: u32,
    #[arg(long, default_value_t = 20261122)]
    seed: u64,
    /// Runs of each latency figure (the table shows their median and range).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Calls per run of each latency figure.
    #[arg(long, default_value_t = 400)]
    iterations: usize,
    /// Where the generated databases go (several GB for the full history).
    #[arg(long, env = "SPORTELLO_BENCH_DIR")]
    work_dir: Option<PathBuf>,
    /// Live delivery: webhooks per second, and for how long.
    #[arg(long, default_value_t = 1_000)]
    live_rate: u32,
    #[arg(long, default_value_t = 60)]
    live_seconds: u64,
    /// The app's release binary, for the whole-app figures (left out without it).
    #[arg(long)]
    app_binary: Option<PathBuf>,
    /// The blank Tauri window's release binary, their baseline.
    #[arg(long)]
    blank_binary: Option<PathBuf>,
    /// Where `tauri build` left both .deb installers.
    #[arg(long)]
    bundle_dir: Option<PathBuf>,
    /// Launches of each window for the cold-start figure.
    #[arg(long, default_value_t = 5)]
    launches: usize,
    /// How long both windows idle before their memory is read.
    #[arg(long, default_value_t = 60)]
    idle_seconds: u64,
    /// Length of the scripted session whose memory growth is measured, at most: with
    /// --started-at, it gets what the budget leaves (see budget.rs).
    #[arg(long, default_value_t = 20)]
    session_minutes: u64,
    /// When `make bench` was typed (seconds since the Unix epoch): the budget counts from then.
    #[arg(long)]
    started_at: Option<u64>,
    /// The whole run's time, installs and builds included, in minutes.
    #[arg(long, default_value_t = 30)]
    budget_minutes: u64,
    /// Runs of the scroll figure (app and in-memory baseline, interleaved).
    #[arg(long, default_value_t = 3)]
    scroll_runs: usize,
    /// Messages that arrive while typing is measured under load.
    #[arg(long, default_value_t = 100_000)]
    load_messages: usize,
    /// Where results.md and results.json are written.
    #[arg(long, default_value = "bench")]
    out: PathBuf,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let work_dir = args.work_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("sportello-bench-{}", std::process::id()))
    });
    let machine = machine::describe();
    let mut phases = Phases::default();
    phases.start(format!(
        "Generating {} messages in {} chats (seed {}) in {}",
        args.messages,
        args.chats,
        args.seed,
        work_dir.display()
    ));
    let history = ShopHistory::generate(args.seed, args.messages, args.chats);
    let mut table: Vec<Row> = Vec::new();

    phases.start("Ingest: the app against raw inserts, interleaved batch by batch");
    let ingested = ingest::run(&work_dir, &history, 100)?;
    table.push(rows::ingest(&ingested));
    table.push(rows::disk(&ingested));

    phases.start("Reads: opening chats, the conversation list, search");
    let reader = reads::Reader::open(&ingested.app_dir)?;
    let (runs, n) = (args.runs, args.iterations);
    let mut chats = Vec::new();
    for (size, id) in reader.chats_of_size(&[10, 1_000, 100_000])? {
        let figure = reader.open_chat(id, size, runs, n).await?;
        table.push(rows::open_chat(&figure));
        chats.push(figure);
    }
    if let [short, middle, long] = chats.as_slice() {
        table.push(rows::long_versus_short(long, middle, short));
    }
    let list = reader.conversation_list(runs, n).await?;
    table.push(rows::conversation_list(&list));
    reader.set_shop_hours().await?;
    let mut figures = Vec::new();
    for days in [7, 30] {
        // Fewer iterations: each reads a month of a busy shop.
        let figure = reader
            .figures(days, sportello_sim::history::END_MS, runs, (n / 10).max(5))
            .await?;
        table.push(rows::figures(&figure));
        figures.push(figure);
    }
    let mut searches = Vec::new();
    for (kind, typed, fts) in [
        (
            "rare word",
            RARE_WORD.to_owned(),
            format!("\"{RARE_WORD}\""),
        ),
        ("common word", "grazie".into(), "\"grazie\"".into()),
        ("prefix", "prenot".into(), "\"prenot\"*".into()),
        ("phrase", "a che ora".into(), "\"a che ora\"".into()),
        (
            "two words",
            "torta cioccolato".into(),
            "\"torta\" \"cioccolato\"".into(),
        ),
    ] {
        let figure = reader.search(kind, &typed, &fts, runs, n).await?;
        table.push(rows::search(&figure));
        searches.push(figure);
    }

    phases.start(format!(
        "Live delivery: {} signed webhooks/s for {} s",
        args.live_rate, args.live_seconds
    ));
    let live = live::run(args.live_rate, args.live_seconds).await?;
    table.push(rows::live(&live));

    let mut whole_app = serde_json::Value::Null;
    match (&args.app_binary, &args.blank_binary) {
        (Some(app_binary), Some(blank_binary)) => {
            phases.start("Cold start against a blank Tauri window");
            let small = work_dir.join("small");
            let small_history = ShopHistory::generate(args.seed, 1_000, 50);
            let small_done = ingest::run(&small, &small_history, 100)?;
            let cold = app::cold_start(
                app_binary,
                blank_binary,
                &small_done.app_dir,
                &ingested.app_dir,
                args.launches,
            )?;
            table.extend(rows::cold_start(&cold, ingested.messages));
            phases.start("Idle memory against a blank Tauri window");
            let memory = app::idle_memory(
                app_binary,
                blank_binary,
                &ingested.app_dir,
                std::time::Duration::from_secs(args.idle_seconds),
            )?;
            table.push(rows::idle_memory(&memory, ingested.messages));

            phases.start(format!(
                "Window under load: typing while {} messages arrive",
                args.load_messages
            ));
            let load = window::load::run(
                app_binary,
                args.load_messages,
                std::time::Duration::from_secs(20),
            )
            .await?;
            table.push(rows::under_load(&load));

            let longest = reader.chats_of_size(&[100_000])?[0].1;
            phases.start(format!(
                "Window scroll: chat {longest}, against the same view in memory"
            ));
            let scroll = window::scroll::run(
                app_binary,
                &ingested.app_dir,
                longest,
                args.scroll_runs,
                false,
            )
            .await?;
            phases.start("Window scroll with WebKit's compositing on");
            let composited =
                window::scroll::run(app_binary, &ingested.app_dir, longest, 1, true).await?;
            table.push(rows::scroll(&scroll, &composited));

            // Its rests, the launch and closing of the window, and the report come after the
            // session's own minutes.
            let rest = Duration::from_secs(20);
            let asked = Duration::from_secs(args.session_minutes * 60);
            let length = budget::session_length(
                asked,
                args.started_at,
                Duration::from_secs(args.budget_minutes * 60),
                2 * rest + Duration::from_secs(30),
                SystemTime::now(),
            );
            phases.start(format!(
                "Window session: {} s of chats, reading and search ({} s asked for)",
                length.as_secs(),
                asked.as_secs()
            ));
            let blank_dir = tempfile::tempdir()?;
            let blank = app::Window::launch(blank_binary, blank_dir.path())?;
            let blank_start = blank.pss_mb();
            let session = window::session::run(app_binary, &ingested.app_dir, length, rest).await?;
            let blank_end = blank.pss_mb();
            drop(blank);
            table.push(rows::session_growth(
                &session,
                (length, asked),
                blank_start,
                blank_end,
                ingested.messages,
            ));
            whole_app = json!({
                "cold_start_ms": { "blank": cold.blank_ms, "small": cold.small_ms, "large": cold.large_ms },
                "idle_pss_mb": {
                    "blank": memory.blank_mb,
                    "app": memory.app_mb,
                    "seconds": memory.idle_seconds,
                    "blank_processes": memory.blank_processes,
                    "app_processes": memory.app_processes,
                },
                "under_load": load,
                "scroll": scroll,
                "scroll_composited": composited,
                "session": session,
                "session_blank_pss_mb": [blank_start, blank_end],
            });
        }
        _ => {
            for (what, target) in [
                ("cold start", "≤ blank + 150 ms; within 1.1× of 1,000"),
                ("memory after 60 s idle", "≤ blank + 60 MB"),
                ("UI under load", "no long tasks; input p95 < 100 ms"),
                ("scroll frame times", "≤ 1% of frames over 16.7 ms"),
                ("memory growth over a 20-minute session", "≤ 20 MB"),
            ] {
                table.push(rows::not_measured(
                    what,
                    target,
                    "no --app-binary/--blank-binary given",
                ));
            }
        }
    }
    let debs = args.bundle_dir.as_ref().and_then(|dir| {
        Some((
            app::deb_in(dir, "Sportello_")?,
            app::deb_in(dir, "Sportello Blank Window_")?,
        ))
    });
    match debs.and_then(|(a, b)| rows::installer(&a, &b)) {
        Some(row) => table.push(row),
        None => table.push(rows::not_measured(
            "installer size (.deb)",
            "≤ blank + 10 MB",
            "no --bundle-dir with both .deb files",
        )),
    }

    let phases = phases.finish();
    let report = Report {
        machine,
        command: format!(
            "make bench (sportello-bench --messages {} --chats {} --seed {} --runs {} --iterations {})",
            args.messages, args.chats, args.seed, args.runs, args.iterations
        ),
        rows: table,
        raw: json!({
            "ingest": {
                "messages": ingested.messages,
                "app_rate": ingested.app_rate,
                "raw_fts_rate": ingested.raw_fts_rate,
                "raw_plain_rate": ingested.raw_plain_rate,
                "app_bytes": ingested.app_bytes,
                "raw_fts_bytes": ingested.raw_fts_bytes,
            },
            "open_chat": chats,
            "conversation_list": list,
            "figures": figures,
            "search": searches,
            "live": live,
            "whole_app": whole_app,
            "phase_seconds": phases,
        }),
    };
    println!("{}", report.markdown());
    report.write(&args.out)?;
    if args.work_dir.is_none() {
        let _ = std::fs::remove_dir_all(&work_dir);
    }
    Ok(())
}
