//! What the window asks for, on the generated database: opening a chat (its newest 50
//! messages), the conversation list's first page, and search. The app's measurement is the
//! call the UI's command makes into core plus the JSON the answer crosses the IPC bridge as;
//! the baseline is the bare indexed SQL on its own connection. Each iteration runs one app call
//! and one baseline call back to back, so both see the same machine state.

use std::future::Future;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rusqlite::{params, Connection, OpenFlags};
use sportello_core::Inbox;

use crate::stats::{Samples, Spread};

/// Both sides of one read figure over several runs, in milliseconds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReadFigure {
    pub what: String,
    pub app_p50: Spread,
    pub app_p95: Spread,
    pub app_p99: Spread,
    pub bare_p50: Spread,
    pub bare_p95: Spread,
    pub bare_p99: Spread,
    /// App p50 over bare p50, per run.
    pub ratio: Spread,
}

pub struct Reader {
    /// The app's side: what the window's commands call.
    pub inbox: Inbox,
    /// The baseline's side: a read-only connection for bare SQL.
    pub bare: Connection,
}

impl Reader {
    pub fn open(app_dir: &Path) -> Result<Reader> {
        let inbox = Inbox::open(app_dir, sportello_channels::connect)?;
        let bare = Connection::open_with_flags(
            sportello_core::paths::cache_file(app_dir),
            OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        Ok(Reader { inbox, bare })
    }

    /// Conversations whose message counts are nearest to each of `sizes`.
    pub fn chats_of_size(&self, sizes: &[u64]) -> Result<Vec<(u64, i64)>> {
        let counts: Vec<(i64, i64)> = self
            .bare
            .prepare("SELECT conversation_id, COUNT(*) FROM messages GROUP BY conversation_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(sizes
            .iter()
            .filter_map(|want| {
                counts
                    .iter()
                    .min_by_key(|(_, n)| n.unsigned_abs().abs_diff(*want))
                    .map(|(id, n)| (*n as u64, *id))
            })
            .collect())
    }

    async fn measure<A, Fut, B>(
        &self,
        what: String,
        runs: usize,
        iterations: usize,
        mut app: A,
        mut bare: B,
    ) -> Result<ReadFigure>
    where
        A: FnMut(&Inbox) -> Fut,
        Fut: Future<Output = Result<usize>>,
        B: FnMut(&Connection) -> Result<usize>,
    {
        // Warm both caches first; the first call into a cold page cache is another figure.
        for _ in 0..iterations.min(50) {
            app(&self.inbox).await?;
            bare(&self.bare)?;
        }
        let runs_of = |q: f64, all: &[(Samples, Samples)], app: bool| {
            Spread::of(
                all.iter()
                    .map(|(a, b)| if app { a } else { b }.percentile_ms(q))
                    .collect(),
            )
        };
        let mut all = Vec::with_capacity(runs);
        for _ in 0..runs {
            let (mut a, mut b) = (Samples::default(), Samples::default());
            for _ in 0..iterations {
                let started = Instant::now();
                std::hint::black_box(app(&self.inbox).await?);
                a.push(started.elapsed());
                let started = Instant::now();
                std::hint::black_box(bare(&self.bare)?);
                b.push(started.elapsed());
            }
            all.push((a, b));
        }
        Ok(ReadFigure {
            what,
            app_p50: runs_of(50.0, &all, true),
            app_p95: runs_of(95.0, &all, true),
            app_p99: runs_of(99.0, &all, true),
            bare_p50: runs_of(50.0, &all, false),
            bare_p95: runs_of(95.0, &all, false),
            bare_p99: runs_of(99.0, &all, false),
            ratio: Spread::of(
                all.iter()
                    .map(|(a, b)| a.percentile_ms(50.0) / b.percentile_ms(50.0))
                    .collect(),
            ),
        })
    }

    /// Opening a chat: its newest 50 messages, as `list_messages` answers the window.
    pub async fn open_chat(
        &self,
        conversation: i64,
        size: u64,
        runs: usize,
        iterations: usize,
    ) -> Result<ReadFigure> {
        self.measure(
            format!("open a chat of {size} messages"),
            runs,
            iterations,
            |inbox| app_open_chat(inbox.clone(), conversation),
            |c| bare_open_chat(c, conversation),
        )
        .await
    }

    /// The conversation list's first page, as `list_conversations` answers the window.
    pub async fn conversation_list(&self, runs: usize, iterations: usize) -> Result<ReadFigure> {
        self.measure(
            format!("conversation list, first page ({LIST_PAGE} chats)"),
            runs,
            iterations,
            |inbox| app_conversation_list(inbox.clone()),
            bare_conversation_list,
        )
        .await
    }

    /// One search as the shop owner types it, against the bare `MATCH … LIMIT 50` of the FTS
    /// query it stands for.
    pub async fn search(
        &self,
        kind: &str,
        typed: &str,
        fts: &str,
        runs: usize,
        iterations: usize,
    ) -> Result<ReadFigure> {
        self.measure(
            format!("search, {kind}: “{typed}”"),
            runs,
            iterations,
            |inbox| app_search(inbox.clone(), typed.to_owned()),
            |c| bare_search(c, fts),
        )
        .await
    }
}

impl Reader {
    /// The Figures view over the last `days` before `end_ms` (the history's end), in a shop
    /// with split-shift hours, against the bare read of the same period's messages.
    pub async fn figures(
        &self,
        days: u32,
        end_ms: i64,
        runs: usize,
        iterations: usize,
    ) -> Result<ReadFigure> {
        let since = end_ms - i64::from(days) * 86_400_000;
        self.measure(
            format!("figures over {days} days (reply times in opening hours, heat map)"),
            runs,
            iterations,
            |inbox| app_figures(inbox.clone(), days, end_ms),
            |c| bare_figures(c, since, end_ms),
        )
        .await
    }

    /// Split shifts six days a week, as a bakery has them: the figures then count open time.
    pub async fn set_shop_hours(&self) -> Result<()> {
        self.inbox
            .set_week(
                "tue-sat 07:30-13:30,16:30-19:30; sun 08:00-12:30".into(),
                Some("Europe/Rome".into()),
            )
            .await?;
        Ok(())
    }
}

pub async fn app_figures(inbox: Inbox, days: u32, end_ms: i64) -> Result<usize> {
    let f = inbox.figures_at(days, end_ms).await?;
    Ok(serde_json::to_vec(&f)?.len())
}

/// The messages the figures read, bare: every message of the period, per conversation.
pub fn bare_figures(c: &Connection, since: i64, end_ms: i64) -> Result<usize> {
    let mut stmt = c.prepare_cached(
        "SELECT m.conversation_id, m.direction, m.sent_at FROM conversations c
         JOIN messages m ON m.conversation_id = c.id AND m.sent_at >= ?1 AND m.sent_at <= ?2
         WHERE c.last_message_at >= ?1",
    )?;
    let rows = stmt.query_map(params![since, end_ms], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.len())
}

/// The chat list's page as the window asks for it (`list_conversations` without a limit).
pub const LIST_PAGE: u32 = 500;

pub async fn app_open_chat(inbox: Inbox, conversation: i64) -> Result<usize> {
    let page = inbox.messages(conversation, 50, None).await?;
    Ok(serde_json::to_vec(&page)?.len())
}

pub fn bare_open_chat(c: &Connection, conversation: i64) -> Result<usize> {
    let mut stmt = c.prepare_cached(
        "SELECT id, text, sent_at, direction, status FROM messages
         WHERE conversation_id = ?1 ORDER BY sent_at DESC, id DESC LIMIT 50",
    )?;
    let rows = stmt.query_map(params![conversation], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.len())
}

pub async fn app_conversation_list(inbox: Inbox) -> Result<usize> {
    let page = inbox.conversations(LIST_PAGE).await?;
    Ok(serde_json::to_vec(&page)?.len())
}

pub fn bare_conversation_list(c: &Connection) -> Result<usize> {
    let mut stmt = c.prepare_cached(
        "SELECT id, title, unread, last_message_at FROM conversations
         ORDER BY last_message_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![LIST_PAGE], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.len())
}

pub async fn app_search(inbox: Inbox, typed: String) -> Result<usize> {
    let hits = inbox.search(typed, 50).await?;
    Ok(serde_json::to_vec(&hits)?.len())
}

pub fn bare_search(c: &Connection, fts: &str) -> Result<usize> {
    let mut stmt = c.prepare_cached(
        "SELECT rowid FROM message_search WHERE message_search MATCH ?1 LIMIT 50",
    )?;
    let rows = stmt.query_map(params![fts], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.len())
}
