//! The `webhook_deliveries` table: the webhook receiver's durable inbox. A delivery is written
//! (fully synced to disk) before the platform is answered, and each account reads back the
//! deliveries routed to it after its cursor, so a crash anywhere loses nothing.

use rusqlite::params;

use super::database::Store;
use crate::error::Result;
use crate::model::{AccountId, ChannelKind};
use crate::time_fmt::now_ms;

/// One stored delivery, as the account's channel reads it back.
#[derive(Debug, Clone)]
pub struct RawDelivery {
    pub id: i64,
    pub body: Vec<u8>,
}

/// An account that receives by webhook, as the receiver routes and checks deliveries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookAccount {
    pub id: AccountId,
    pub channel: ChannelKind,
    /// The WhatsApp phone number id or the Page id deliveries name.
    pub remote_id: String,
    pub secret_ref: String,
}

impl Store {
    /// Accounts whose messages come by webhook (WhatsApp and Messenger).
    pub fn webhook_accounts(&self) -> Result<Vec<WebhookAccount>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, channel, remote_id, secret_ref FROM accounts
                 WHERE channel IN ('whatsapp', 'messenger') AND remote_id IS NOT NULL AND is_demo = 0
                 ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(WebhookAccount {
                    id: r.get(0)?,
                    channel: super::rows::channel(r, 1)?,
                    remote_id: r.get(2)?,
                    secret_ref: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Keeps a verified delivery for the accounts it concerns. Synced to disk before returning
    /// (`synchronous = FULL` for this one transaction): the platform deletes its copy once we
    /// answer, so even a power cut right after must not lose it.
    /// Returns the delivery's id, and whether it is the first verified one for an account.
    pub fn save_delivery(&self, body: &[u8], accounts: &[AccountId]) -> Result<(i64, bool)> {
        self.write_durably(|tx| {
            let now = now_ms();
            let id: i64 = tx
                .prepare_cached(
                    "INSERT INTO webhook_deliveries (received_at, body) VALUES (?1, ?2) RETURNING id",
                )?
                .query_row(params![now, body], |r| r.get(0))?;
            let mut route = tx.prepare_cached(
                "INSERT OR IGNORE INTO webhook_routes (delivery_id, account_id) VALUES (?1, ?2)",
            )?;
            let mut seen =
                tx.prepare_cached("UPDATE accounts SET webhook_seen_at = ?2 WHERE id = ?1")?;
            let mut first = false;
            for account in accounts {
                route.execute(params![id, account])?;
                let before: Option<i64> = tx
                    .prepare_cached("SELECT webhook_seen_at FROM accounts WHERE id = ?1")?
                    .query_row([account], |r| r.get(0))?;
                first |= before.is_none();
                seen.execute(params![account, now])?;
            }
            Ok((id, first))
        })
    }

    /// The account's deliveries after `after` (a delivery id), oldest first.
    pub fn deliveries_after(
        &self,
        account: AccountId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<RawDelivery>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT d.id, d.body FROM webhook_routes r
                 JOIN webhook_deliveries d ON d.id = r.delivery_id
                 WHERE r.account_id = ?1 AND r.delivery_id > ?2
                 ORDER BY r.delivery_id LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![account, after, limit], |r| {
                Ok(RawDelivery {
                    id: r.get(0)?,
                    body: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

impl Store {
    /// Forgets raw deliveries older than `keep_ms` that every account they concern has
    /// processed (its cursor is past them); recent ones stay for diagnosis.
    pub fn prune_deliveries(&self, keep_ms: i64) -> Result<usize> {
        let before = now_ms() - keep_ms;
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM webhook_deliveries
                 WHERE received_at < ?1
                   AND NOT EXISTS (
                       SELECT 1 FROM webhook_routes r
                       LEFT JOIN sync_cursors c ON c.account_id = r.account_id AND c.stream = 'inbound'
                       WHERE r.delivery_id = webhook_deliveries.id
                         AND (c.cursor IS NULL OR CAST(c.cursor AS INTEGER) < r.delivery_id))",
                [before],
            )?)
        })
    }
}
