//! The `accounts` table: which channel accounts the shop has connected (no secrets here).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::database::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{Account, AccountId, BusinessLink, ChannelKind, SyncGap};
use crate::time_fmt::{now_ms, rfc3339};

pub struct NewAccountRow<'a> {
    pub channel: ChannelKind,
    pub name: &'a str,
    pub api_base: Option<&'a str>,
    pub remote_id: &'a str,
    pub display_name: &'a str,
    pub secret_ref: &'a str,
    pub is_demo: bool,
    pub business_account_id: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub quality_rating: Option<&'a str>,
}

const SELECT: &str =
    "SELECT id, channel, name, api_base, display_name, is_demo, created_at, secret_ref,
            remote_id, business_account_id, phone, quality_rating, webhook_seen_at, human_agent
     FROM accounts";

fn account(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        channel: rows::channel(row, 1)?,
        name: row.get(2)?,
        api_base: row.get(3)?,
        display_name: row.get(4)?,
        is_demo: row.get(5)?,
        created_at: rfc3339(row.get(6)?),
        secret_ref: row.get(7)?,
        business_links: Vec::new(),
        missing_periods: Vec::new(),
        remote_id: row.get(8)?,
        business_account_id: row.get(9)?,
        phone: row.get(10)?,
        quality_rating: row.get(11)?,
        webhook_seen_at: row.get::<_, Option<i64>>(12)?.map(rfc3339),
        human_agent: row.get(13)?,
    })
}

fn with_business_links(c: &Connection, mut a: Account) -> rusqlite::Result<Account> {
    let mut stmt = c.prepare_cached(
        "SELECT owner_name, can_reply, is_enabled FROM business_connections
         WHERE account_id = ?1 ORDER BY updated_at",
    )?;
    a.business_links = stmt
        .query_map([a.id], |r| {
            Ok(BusinessLink {
                owner_name: r.get(0)?,
                can_reply: r.get(1)?,
                is_enabled: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = c.prepare_cached(
        "SELECT from_ms, to_ms FROM sync_gaps WHERE account_id = ?1 ORDER BY from_ms",
    )?;
    a.missing_periods = stmt
        .query_map([a.id], |r| {
            Ok(SyncGap {
                account_id: a.id,
                from: rfc3339(r.get(0)?),
                to: rfc3339(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(a)
}

impl Store {
    pub fn insert_account(&self, new: &NewAccountRow<'_>) -> Result<Account> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO accounts (channel, name, api_base, remote_id, display_name, secret_ref, is_demo,
                                       created_at, business_account_id, phone, quality_rating)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    new.channel.as_str(),
                    new.name,
                    new.api_base,
                    new.remote_id,
                    new.display_name,
                    new.secret_ref,
                    new.is_demo,
                    now_ms(),
                    new.business_account_id,
                    new.phone,
                    new.quality_rating
                ],
            )?;
            get(tx, tx.last_insert_rowid())
        })
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
            let rows = stmt.query_map([], account)?;
            let accounts = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(accounts
                .into_iter()
                .map(|a| with_business_links(c, a))
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn account(&self, id: AccountId) -> Result<Account> {
        self.read(|c| get(c, id))
    }

    /// Removes the account and, by cascade, its conversations, messages, cursors and outbox.
    pub fn delete_account(&self, id: AccountId) -> Result<()> {
        self.write(
            |tx| match tx.execute("DELETE FROM accounts WHERE id = ?1", [id])? {
                0 => Err(Error::not_found("account", id)),
                _ => Ok(()),
            },
        )
    }

    /// The account's id on the platform (the bot's id), as first checked.
    pub fn account_remote_id(&self, id: AccountId) -> Result<Option<String>> {
        self.read(|c| {
            c.prepare_cached("SELECT remote_id FROM accounts WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("account", id))
        })
    }

    /// Messenger: whether replies after 24 hours (up to 7 days) use the HUMAN_AGENT tag.
    pub fn rename_account(&self, id: AccountId, name: &str) -> Result<()> {
        self.write(|tx| {
            match tx.execute(
                "UPDATE accounts SET name = ?2 WHERE id = ?1",
                params![id, name],
            )? {
                0 => Err(Error::not_found("account", id)),
                _ => Ok(()),
            }
        })
    }

    pub fn set_human_agent(&self, id: AccountId, on: bool) -> Result<()> {
        self.write(|tx| {
            match tx.execute(
                "UPDATE accounts SET human_agent = ?2 WHERE id = ?1 AND channel = 'messenger'",
                params![id, on],
            )? {
                0 => Err(Error::InvalidInput(
                    "Only a Messenger account has the human agent setting.".into(),
                )),
                _ => Ok(()),
            }
        })
    }

    /// Points an account at another API server (the demo simulator gets a new port each run).
    pub fn set_api_base(&self, id: AccountId, api_base: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE accounts SET api_base = ?2 WHERE id = ?1",
                params![id, api_base],
            )?;
            Ok(())
        })
    }
}

fn get(c: &Connection, id: AccountId) -> Result<Account> {
    let a = c
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], account)
        .optional()?
        .ok_or_else(|| Error::not_found("account", id))?;
    Ok(with_business_links(c, a)?)
}
