//! Migrations keep everything: for every earlier schema version, a cache is built at exactly
//! that version with rows in every table (every column filled), then opened by today's code.
//! Every row and every value must still be there, and the app's reads must work on them. A new
//! migration is tested against all the versions before it without writing anything here.
//! Model: matrix-rust-sdk's `migration_tests`.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::MIGRATIONS;
use crate::store::database::Store;

/// Rows seeded per table.
const ROWS: usize = 2;

struct Column {
    name: String,
    kind: String,
    /// The single-column INTEGER PRIMARY KEY (the rowid): filled by SQLite.
    rowid: bool,
}

/// The tables at this version that hold the shop's data (not SQLite's, not the search
/// indexes nor their shadow tables, which their triggers fill), parents before children.
fn tables(c: &Connection) -> Vec<String> {
    let mut names: Vec<String> = c
        .prepare(
            "SELECT t.name FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
             AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
             AND NOT EXISTS (SELECT 1 FROM sqlite_master v
                             WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '_%')
             ORDER BY t.name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut ordered = Vec::new();
    while !names.is_empty() {
        let before = names.len();
        names.retain(|t| {
            let ready = parents(c, t)
                .values()
                .all(|(parent, _)| parent == t || ordered.contains(parent));
            if ready {
                ordered.push(t.clone());
            }
            !ready
        });
        assert!(
            names.len() < before,
            "circular foreign keys among {names:?}"
        );
    }
    ordered
}

/// Column → (parent table, parent column) for each foreign key of `table`.
fn parents(c: &Connection, table: &str) -> BTreeMap<String, (String, String)> {
    c.prepare(&format!("PRAGMA foreign_key_list({table})"))
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(3)?, (r.get(2)?, r.get(4)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn columns(c: &Connection, table: &str) -> Vec<Column> {
    let all: Vec<(String, String, i64)> = c
        .prepare(&format!("PRAGMA table_info({table})"))
        .unwrap()
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(5)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let key_columns = all.iter().filter(|(_, _, pk)| *pk > 0).count();
    let without_rowid: bool = c
        .query_row(
            "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    all.into_iter()
        .map(|(name, kind, pk)| Column {
            rowid: pk > 0 && key_columns == 1 && kind == "INTEGER" && !without_rowid,
            name,
            kind,
        })
        .collect()
}

/// A value for row `i` of `table.column` that satisfies the schema: foreign keys point at the
/// parent's row `i`, the few CHECKed columns get an allowed value, the rest something distinct.
fn value(c: &Connection, table: &str, column: &Column, n: usize, i: usize) -> Value {
    if let Some((parent, key)) = parents(c, table).get(&column.name) {
        return c
            .query_row(
                &format!("SELECT {key} FROM {parent} ORDER BY rowid LIMIT 1 OFFSET ?1"),
                [i as i64],
                |r| r.get(0),
            )
            .unwrap();
    }
    match column.name.as_str() {
        "channel" => return Value::Text("telegram".into()),
        "direction" => return Value::Text("in".into()),
        "state" if table == "outbox" => return Value::Text("queued".into()),
        "status" if table == "conversations" => return Value::Text("snoozed".into()),
        "snooze_reason" => return Value::Text("follow_up".into()),
        "status" => return Value::Text("received".into()),
        _ => {}
    }
    match column.kind.as_str() {
        "INTEGER" => Value::Integer(1_700_000_000_000 + (i * 1000 + n) as i64),
        "BLOB" => Value::Blob(format!("{table}.{}.{i}", column.name).into_bytes()),
        _ => Value::Text(format!("{table} {} {i}", column.name)),
    }
}

fn seed(c: &Connection) -> BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)> {
    let mut seeded = BTreeMap::new();
    for table in tables(c) {
        let cols: Vec<Column> = columns(c, &table)
            .into_iter()
            .filter(|col| !col.rowid)
            .collect();
        for i in 0..ROWS {
            let values: Vec<Value> = cols
                .iter()
                .enumerate()
                .map(|(n, col)| value(c, &table, col, n, i))
                .collect();
            let names: Vec<&str> = cols.iter().map(|col| col.name.as_str()).collect();
            let holes = vec!["?"; names.len()].join(", ");
            c.execute(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({holes})",
                    names.join(", ")
                ),
                rusqlite::params_from_iter(values),
            )
            .unwrap_or_else(|e| panic!("seeding {table}: {e}"));
        }
        let all: Vec<String> = columns(c, &table).into_iter().map(|c| c.name).collect();
        let rows = read_rows(c, &table, &all);
        seeded.insert(table, (all, rows));
    }
    seeded
}

/// Every row of `table`, these columns, in a stable order.
fn read_rows(c: &Connection, table: &str, names: &[String]) -> Vec<Vec<Value>> {
    let mut rows: Vec<Vec<Value>> = c
        .prepare(&format!("SELECT {} FROM {table}", names.join(", ")))
        .unwrap()
        .query_map([], |r| {
            (0..names.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.sort_by_key(|row| format!("{row:?}"));
    rows
}

/// A cache file at schema `version` (the first `version` migrations applied), seeded.
fn cache_at(
    version: usize,
    path: &std::path::Path,
) -> BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)> {
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "foreign_keys", "ON").unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    for (i, sql) in MIGRATIONS.iter().take(version).enumerate() {
        let tx = c.transaction().unwrap();
        tx.execute_batch(sql).unwrap();
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .unwrap();
        tx.commit().unwrap();
    }
    seed(&c)
}

#[test]
fn every_earlier_schema_opens_with_every_row_and_value_kept() {
    for version in 1..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let before = cache_at(version, &path);
        assert!(before.len() >= 5, "version {version} seeded {before:?}");

        let store = Store::open(&path).unwrap_or_else(|e| panic!("opening version {version}: {e}"));
        store
            .read(|c| {
                let now: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
                assert_eq!(now as usize, MIGRATIONS.len(), "from version {version}");
                for (table, (names, rows)) in &before {
                    assert_eq!(
                        &read_rows(c, table, names),
                        rows,
                        "{table} after migrating from version {version}"
                    );
                }
                Ok(())
            })
            .unwrap();

        // The app's own reads work on what was there.
        let chats = store.conversations(100).unwrap();
        assert_eq!(chats.len(), ROWS, "from version {version}");
        for chat in &chats {
            store.messages(chat.id, 50, None).unwrap();
            store.contact_card(chat.id, 10).unwrap();
        }
        assert_eq!(store.accounts().unwrap().len(), ROWS);
        // The search index still covers the old messages (their text is "messages text N").
        assert_eq!(store.search("text", 10).unwrap().len(), ROWS);
    }
}
