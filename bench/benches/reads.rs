//! Criterion benches of the read paths, app against bare SQL side by side, on a generated
//! history of 100,000 messages (`cargo bench -p sportello-bench`). `make bench` measures the
//! same calls on the full million with percentiles; these are for comparing two commits.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sportello_bench::{ingest, reads};
use sportello_sim::history::ShopHistory;

fn reads(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // `cargo test --all-targets` runs each bench once to see it works: a small history then.
    let benching = std::env::args().any(|a| a == "--bench");
    let history = if benching {
        ShopHistory::generate(7, 100_000, 1_000)
    } else {
        ShopHistory::generate(7, 2_000, 40)
    };
    let done = ingest::run(dir.path(), &history, 100).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reader = reads::Reader::open(&done.app_dir).unwrap();
    let (inbox, bare) = (&reader.inbox, &reader.bare);
    let chats = reader
        .chats_of_size(&[10, history.total_messages() / 10])
        .unwrap();

    let mut group = c.benchmark_group("open a chat");
    for (size, id) in chats {
        group.bench_function(format!("app, {size} messages"), |b| {
            b.iter(|| runtime.block_on(reads::app_open_chat(inbox.clone(), black_box(id))))
        });
        group.bench_function(format!("bare SQL, {size} messages"), |b| {
            b.iter(|| reads::bare_open_chat(bare, black_box(id)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("conversation list");
    group.bench_function("app", |b| {
        b.iter(|| runtime.block_on(reads::app_conversation_list(inbox.clone())))
    });
    group.bench_function("bare SQL", |b| {
        b.iter(|| reads::bare_conversation_list(bare))
    });
    group.finish();

    let mut group = c.benchmark_group("search");
    group.bench_function("app, grazie", |b| {
        b.iter(|| runtime.block_on(reads::app_search(inbox.clone(), "grazie".into())))
    });
    group.bench_function("bare MATCH, grazie", |b| {
        b.iter(|| reads::bare_search(bare, "\"grazie\""))
    });
    group.finish();
}

criterion_group!(benches, reads);
criterion_main!(benches);
