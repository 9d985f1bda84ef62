//! `sportello-bench`: generates the shop history, measures every figure against its baseline
//! in the same run, prints the table and writes bench/results.md and bench/results.json.

use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use serde_json::json;
use sportello_bench::report::{Report, Row};
use sportello_bench::{ingest, machine, reads, rows};
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
    eprintln!(
        "Generating {} messages in {} chats (seed {}) in {}",
        args.messages,
        args.chats,
        args.seed,
        work_dir.display()
    );
    let history = ShopHistory::generate(args.seed, args.messages, args.chats);
    let mut table: Vec<Row> = Vec::new();

    eprintln!("Ingest: the app against raw inserts, interleaved batch by batch");
    let ingested = ingest::run(&work_dir, &history, 100)?;
    table.push(rows::ingest(&ingested));
    table.push(rows::disk(&ingested));

    eprintln!("Reads: opening chats, the conversation list, search");
    let reader = reads::Reader::open(&ingested.app_dir)?;
    let (runs, n) = (args.runs, args.iterations);
    let mut chats = Vec::new();
    for (size, id) in reader.chats_of_size(&[10, 1_000, 100_000])? {
        let figure = reader.open_chat(id, size, runs, n).await?;
        table.push(rows::open_chat(&figure));
        chats.push(figure);
    }
    if let (Some(short), Some(long)) = (chats.first(), chats.last()) {
        table.push(rows::long_versus_short(long, short));
    }
    let list = reader.conversation_list(runs, n).await?;
    table.push(rows::conversation_list(&list));
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
            "search": searches,
        }),
    };
    println!("{}", report.markdown());
    report.write(&args.out)?;
    if args.work_dir.is_none() {
        let _ = std::fs::remove_dir_all(&work_dir);
    }
    Ok(())
}
