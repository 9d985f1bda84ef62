//! The generated history is what the platforms would send: every payload goes through the real
//! channel crates' normalizers and the app's store, and every message lands once, in its chat.

use rusqlite::Connection;
use sportello_bench::ingest;
use sportello_core::paths;
use sportello_sim::history::ShopHistory;

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn every_generated_message_is_normalized_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let history = ShopHistory::generate(11, 6_000, 120);
    let done = ingest::run(dir.path(), &history, 100).unwrap();
    assert_eq!(done.messages, 6_000);

    let app = Connection::open(paths::cache_file(&done.app_dir)).unwrap();
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM messages"),
        6_000,
        "each message once"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM conversations"),
        120,
        "each chat once"
    );
    let with_media = count(&app, "SELECT COUNT(DISTINCT message_id) FROM attachments");
    assert!(
        (400..800).contains(&with_media),
        "about one in ten with media: {with_media}"
    );
    let from_shop = count(
        &app,
        "SELECT COUNT(*) FROM messages WHERE direction = 'out'",
    );
    assert!(
        from_shop > 1_000,
        "the shop's replies arrive as echoes: {from_shop}"
    );
    let every_channel = count(&app, "SELECT COUNT(DISTINCT account_id) FROM conversations");
    assert_eq!(every_channel, 3);
    let found = count(
        &app,
        "SELECT COUNT(*) FROM message_search WHERE message_search MATCH 'grazie'",
    );
    assert!(found > 0, "the FTS index covers the history");

    // The baseline stored the same rows.
    let raw = Connection::open(&done.raw_fts_file).unwrap();
    assert_eq!(count(&raw, "SELECT COUNT(*) FROM messages"), 6_000);
    assert_eq!(
        count(&raw, "SELECT COUNT(*) FROM attachments"),
        count(&app, "SELECT COUNT(*) FROM attachments")
    );
}
