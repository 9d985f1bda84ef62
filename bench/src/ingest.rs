//! Ingest: the generated history through the app's whole inbound path (each platform's payloads
//! normalized by its channel crate, then the store's ingest: dedupe, contacts, conversations,
//! messages, attachments, FTS, cursor, one transaction per batch, WAL) against the baseline:
//! `prepare_cached` inserts of the same rows into the same schema, one transaction per batch,
//! with and without the FTS index. The three are interleaved batch by batch.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{params, Connection};
use sportello_core::inbound::{Inbound, InboundBatch, InboundMessage};
use sportello_core::model::{AccountId, ChannelKind};
use sportello_core::paths;
use sportello_core::store::{NewAccountRow, Store};
use sportello_sim::history::{
    HistoryChannel, PayloadBatch, ShopHistory, MESSENGER_PAGE_ID, WHATSAPP_PHONE_NUMBER_ID,
};

use crate::stats::Spread;

/// What the ingest run measured, and where the app's database is for the read benchmarks.
pub struct Ingest {
    pub messages: u64,
    /// Messages per second, one value per tenth of the history.
    pub app_rate: Spread,
    pub raw_fts_rate: Spread,
    pub raw_plain_rate: Spread,
    pub app_bytes: u64,
    pub raw_fts_bytes: u64,
    pub app_dir: PathBuf,
    pub raw_fts_file: PathBuf,
}

/// The three accounts the history belongs to, in the app's store.
pub fn add_accounts(store: &Store) -> Result<HashMap<HistoryChannel, AccountId>> {
    let mut ids = HashMap::new();
    for (channel, kind, remote_id) in [
        (HistoryChannel::Telegram, ChannelKind::Telegram, "bench_bot"),
        (
            HistoryChannel::WhatsApp,
            ChannelKind::Whatsapp,
            WHATSAPP_PHONE_NUMBER_ID,
        ),
        (
            HistoryChannel::Messenger,
            ChannelKind::Messenger,
            MESSENGER_PAGE_ID,
        ),
    ] {
        let account = store.insert_account(&NewAccountRow {
            channel: kind,
            name: &format!("Bench {}", kind.as_str()),
            api_base: None,
            remote_id,
            display_name: "Forno Bench",
            secret_ref: &format!("bench-{}", kind.as_str()),
            is_demo: false,
            business_account_id: None,
            phone: None,
            quality_rating: None,
        })?;
        ids.insert(channel, account.id);
    }
    Ok(ids)
}

/// One batch of payloads through the channel crate's normalizer, as sync would get it.
pub fn normalize(batch: &PayloadBatch, now_ms: i64) -> InboundBatch {
    match batch.channel {
        HistoryChannel::Telegram => {
            sportello_telegram::normalize_updates(&batch.payloads, None, now_ms)
        }
        HistoryChannel::WhatsApp => InboundBatch {
            events: batch
                .payloads
                .iter()
                .flat_map(|b| {
                    sportello_meta::whatsapp::normalize_delivery(b, WHATSAPP_PHONE_NUMBER_ID)
                })
                .collect(),
            cursor: None,
        },
        HistoryChannel::Messenger => InboundBatch {
            events: batch
                .payloads
                .iter()
                .flat_map(|b| sportello_meta::messenger::normalize_delivery(b, MESSENGER_PAGE_ID))
                .collect(),
            cursor: None,
        },
    }
}

/// The baseline's database: the app's schema (made by the app's migrations), written with bare
/// prepared inserts.
struct RawDb {
    conn: Connection,
    conversations: HashMap<(AccountId, String), i64>,
    elapsed: Duration,
}

impl RawDb {
    fn create(
        file: &Path,
        accounts: &HashMap<HistoryChannel, AccountId>,
        fts: bool,
    ) -> Result<RawDb> {
        add_accounts(&Store::open(file)?)?;
        let conn = Connection::open(file)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )?;
        if !fts {
            conn.execute_batch("DROP TRIGGER messages_search_insert;")?;
        }
        debug_assert_eq!(accounts.len(), 3);
        Ok(RawDb {
            conn,
            conversations: HashMap::new(),
            elapsed: Duration::ZERO,
        })
    }

    fn insert(&mut self, account: AccountId, batch: &InboundBatch, now_ms: i64) -> Result<()> {
        let started = Instant::now();
        let tx = self.conn.transaction()?;
        for event in &batch.events {
            let (Inbound::Message(m) | Inbound::Backfill(m)) = event else {
                continue;
            };
            let conversation = conversation_id(&tx, &mut self.conversations, account, m)?;
            tx.prepare_cached(
                "INSERT INTO messages (account_id, conversation_id, remote_id, direction, kind, text,
                                       sent_at, stored_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                account,
                conversation,
                m.remote_id,
                m.direction.as_str(),
                m.kind,
                m.text,
                m.sent_at_ms,
                now_ms,
                "received"
            ])?;
            let message_id = tx.last_insert_rowid();
            for a in &m.attachments {
                tx.prepare_cached(
                    "INSERT INTO attachments (message_id, kind, remote_ref, mime_type, file_name,
                                              size_bytes, width, height, duration_secs)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    message_id,
                    a.kind,
                    a.remote_ref,
                    a.mime_type,
                    a.file_name,
                    a.size_bytes,
                    a.width,
                    a.height,
                    a.duration_secs
                ])?;
            }
        }
        tx.commit()?;
        self.elapsed += started.elapsed();
        Ok(())
    }
}

fn conversation_id(
    tx: &Connection,
    known: &mut HashMap<(AccountId, String), i64>,
    account: AccountId,
    m: &InboundMessage,
) -> Result<i64> {
    let key = (account, m.conversation.remote_id.clone());
    if let Some(id) = known.get(&key) {
        return Ok(*id);
    }
    tx.prepare_cached(
        "INSERT INTO conversations (account_id, remote_id, title) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        account,
        m.conversation.remote_id,
        m.conversation.title
    ])?;
    let id = tx.last_insert_rowid();
    known.insert(key, id);
    Ok(id)
}

/// Checkpoints the WAL into the file and gives the file's size.
fn settled_size(file: &Path) -> Result<u64> {
    Connection::open(file)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(std::fs::metadata(file)?.len())
}

pub fn run(dir: &Path, history: &ShopHistory, batch_size: usize) -> Result<Ingest> {
    let _ = std::fs::remove_dir_all(dir);
    let app_dir = dir.join("app");
    std::fs::create_dir_all(&app_dir)?;
    let app_file = paths::cache_file(&app_dir);
    let store = Store::open(&app_file).context("open the app's store")?;
    let accounts = add_accounts(&store)?;
    let raw_fts_file = dir.join("raw-fts.sqlite");
    let mut raw_fts = RawDb::create(&raw_fts_file, &accounts, true)?;
    let mut raw_plain = RawDb::create(&dir.join("raw-plain.sqlite"), &accounts, false)?;

    let total = history.total_messages();
    let segment = (total / 10).max(1);
    let (mut app_elapsed, mut done, mut next_mark) = (Duration::ZERO, 0u64, segment);
    let mut marks = (Duration::ZERO, Duration::ZERO, Duration::ZERO, 0u64);
    let (mut app_rates, mut fts_rates, mut plain_rates) = (Vec::new(), Vec::new(), Vec::new());
    let now_ms = 1_793_491_200_000;
    for payloads in history.batches(batch_size) {
        let account = accounts[&payloads.channel];
        // The app: normalize and ingest, both timed.
        let started = Instant::now();
        let batch = normalize(&payloads, now_ms);
        store.ingest(account, "updates", &batch)?;
        app_elapsed += started.elapsed();
        // The baselines: the same rows, already normalized.
        raw_fts.insert(account, &batch, now_ms)?;
        raw_plain.insert(account, &batch, now_ms)?;
        done += payloads.payloads.len() as u64;
        if done >= next_mark || done == total {
            let n = (done - marks.3) as f64;
            app_rates.push(n / (app_elapsed - marks.0).as_secs_f64());
            fts_rates.push(n / (raw_fts.elapsed - marks.1).as_secs_f64());
            plain_rates.push(n / (raw_plain.elapsed - marks.2).as_secs_f64());
            marks = (app_elapsed, raw_fts.elapsed, raw_plain.elapsed, done);
            next_mark += segment;
            eprintln!(
                "  ingest {done}/{total}: app {:.0} msg/s, raw+FTS {:.0}, raw {:.0}",
                app_rates.last().unwrap(),
                fts_rates.last().unwrap(),
                plain_rates.last().unwrap()
            );
        }
    }
    drop(store);
    drop(raw_fts);
    drop(raw_plain);
    Ok(Ingest {
        messages: done,
        app_rate: Spread::of(app_rates),
        raw_fts_rate: Spread::of(fts_rates),
        raw_plain_rate: Spread::of(plain_rates),
        app_bytes: settled_size(&app_file)?,
        raw_fts_bytes: settled_size(&raw_fts_file)?,
        app_dir,
        raw_fts_file,
    })
}
