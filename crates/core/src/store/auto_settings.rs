//! The opening hours and the automatic answers as the shop set them: JSON values in the
//! `settings` table, written only by the log of shop changes (shop_log.rs) so every desktop of
//! a shop has the same, and read inside the transaction that decides an automatic message.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::{AutoKind, AutoMessage, AutoReplies, FaqCard, OpeningHours};

const HOURS: &str = "opening_hours";
const AWAY: &str = "auto_away";
const GREETING: &str = "auto_greeting";
const FAQ_CARDS: &str = "faq_cards";
const FAQ_ON: &str = "faq_on";
/// A FAQ list is short: the owner writes each card by hand.
const MAX_CARDS: usize = 50;

impl Store {
    pub fn opening_hours(&self) -> Result<OpeningHours> {
        self.read(hours)
    }

    pub fn auto_replies(&self) -> Result<AutoReplies> {
        self.read(auto_replies)
    }
}

pub(super) fn hours(c: &Connection) -> Result<OpeningHours> {
    get(c, HOURS)
}

/// The automatic answers as set, for the window (with the Coexistence warning).
pub(super) fn auto_replies(c: &Connection) -> Result<AutoReplies> {
    let mut replies = answers(c)?;
    let whatsapp: bool = c
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE channel = 'whatsapp' AND is_demo = 0)",
        )?
        .query_row([], |r| r.get(0))?;
    replies.coexistence_warning = whatsapp && (replies.away.on || replies.greeting.on);
    Ok(replies)
}

/// The automatic answers as set, as deciding them needs (every ingested batch reads them).
pub(super) fn answers(c: &Connection) -> Result<AutoReplies> {
    Ok(AutoReplies {
        away: get(c, AWAY)?,
        greeting: get(c, GREETING)?,
        faq_on: get(c, FAQ_ON)?,
        faq: get(c, FAQ_CARDS)?,
        coexistence_warning: false,
    })
}

pub(super) fn set_hours(tx: &Connection, hours: &OpeningHours) -> Result<()> {
    // Refuse what cannot be read back (a zone that does not exist, a day with four shifts).
    crate::hours::Schedule::of(hours)?;
    put(tx, HOURS, hours)
}

pub(super) fn set_message(tx: &Connection, which: AutoKind, message: &AutoMessage) -> Result<()> {
    if message.on && message.text.trim().is_empty() {
        return Err(Error::InvalidInput(
            "Write the message before switching it on.".into(),
        ));
    }
    match which {
        AutoKind::Away => put(tx, AWAY, message),
        AutoKind::Greeting => {
            if let Some(days) = message.after_days {
                if ![7, 14, 21, 28].contains(&days) {
                    return Err(Error::InvalidInput(
                        "A greeting can come back after 7, 14, 21 or 28 days without contact."
                            .into(),
                    ));
                }
            }
            put(tx, GREETING, message)
        }
        AutoKind::Faq => Err(Error::InvalidInput(
            "FAQ answers are cards; save a card instead.".into(),
        )),
    }
}

pub(super) fn save_card(tx: &Connection, card: &FaqCard) -> Result<()> {
    let keywords: Vec<&String> = card
        .keywords
        .iter()
        .filter(|k| !crate::auto_reply::faq::fold_words(k).is_empty())
        .collect();
    if keywords.is_empty() || card.answer.trim().is_empty() {
        return Err(Error::InvalidInput(
            "A question card needs at least one keyword and an answer.".into(),
        ));
    }
    let mut cards: Vec<FaqCard> = get(tx, FAQ_CARDS)?;
    let full = cards.len() >= MAX_CARDS;
    match cards.iter_mut().find(|c| c.id == card.id) {
        Some(existing) => *existing = card.clone(),
        None if full => {
            return Err(Error::InvalidInput(format!(
                "A FAQ list holds at most {MAX_CARDS} cards."
            )))
        }
        None => cards.push(card.clone()),
    }
    put(tx, FAQ_CARDS, &cards)
}

pub(super) fn remove_card(tx: &Connection, id: &str) -> Result<()> {
    let mut cards: Vec<FaqCard> = get(tx, FAQ_CARDS)?;
    cards.retain(|c| c.id != id);
    put(tx, FAQ_CARDS, &cards)
}

pub(super) fn switch_faq(tx: &Connection, on: bool) -> Result<()> {
    put(tx, FAQ_ON, &on)
}

fn get<T: DeserializeOwned + Default>(c: &Connection, key: &str) -> Result<T> {
    let json: Option<String> = c
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

fn put<T: Serialize>(tx: &Connection, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, json])?;
    Ok(())
}
