//! Click-to-chat posters: the shop's codes (changed only through the log), their links for
//! each connected account, and the customers who arrived through each.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{ChannelKind, Poster, PosterLink, PosterView};
use crate::reach::poster::{messenger_link, telegram_link, valid_code, whatsapp_link};
use crate::reach::qr::Matrix;

/// Checks a poster before it is recorded.
pub fn check(p: &Poster) -> Result<()> {
    if !valid_code(&p.code) {
        return Err(Error::InvalidInput(
            "A poster code is 1 to 64 letters (a-z, A-Z), digits, '-' or '_', like vetrina-natale."
                .into(),
        ));
    }
    if p.text.chars().count() > 500 {
        return Err(Error::InvalidInput(
            "The poster's message is too long: keep it under 500 characters.".into(),
        ));
    }
    match (&p.consent_topic, &p.consent_wording) {
        (Some(t), Some(w)) if !t.trim().is_empty() && !w.trim().is_empty() => Ok(()),
        (None, None) => Ok(()),
        _ => Err(Error::InvalidInput(
            "A poster that collects consent needs both the topic and the exact words printed on it."
                .into(),
        )),
    }
}

pub(super) fn save(tx: &Connection, p: &Poster, at: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO posters (code, text, consent_topic, consent_wording, consent_version, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (code) DO UPDATE SET text = excluded.text,
             consent_topic = excluded.consent_topic, consent_wording = excluded.consent_wording,
             consent_version = excluded.consent_version",
    )?
    .execute(params![
        p.code,
        p.text,
        p.consent_topic,
        p.consent_wording,
        p.consent_version,
        at
    ])?;
    Ok(())
}

pub(super) fn remove(tx: &Connection, code: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM posters WHERE code = ?1")?
        .execute([code])?;
    Ok(())
}

/// The poster a code names, if the shop made it (case as written: Telegram keeps it).
pub(super) fn known(c: &Connection, code: &str) -> Result<Option<Poster>> {
    Ok(c.prepare_cached(
        "SELECT code, text, consent_topic, consent_wording, consent_version
             FROM posters WHERE code = ?1",
    )?
    .query_row([code], poster)
    .optional()?)
}

fn poster(r: &rusqlite::Row<'_>) -> rusqlite::Result<Poster> {
    Ok(Poster {
        code: r.get(0)?,
        text: r.get(1)?,
        consent_topic: r.get(2)?,
        consent_wording: r.get(3)?,
        consent_version: r.get(4)?,
    })
}

impl Store {
    /// Every poster with its links and arrivals, newest first.
    pub fn posters(&self) -> Result<Vec<PosterView>> {
        let (posters, accounts) = self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT code, text, consent_topic, consent_wording, consent_version,
                        (SELECT COUNT(*) FROM poster_arrivals a WHERE a.code = p.code)
                 FROM posters p ORDER BY created_at DESC, code",
            )?;
            let posters = stmt
                .query_map([], |r| Ok((poster(r)?, r.get::<_, i64>(5)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((posters, linkable_accounts(c)?))
        })?;
        posters
            .into_iter()
            .map(|(poster, arrivals)| {
                Ok(PosterView {
                    links: links(&poster, &accounts)?,
                    poster,
                    arrivals,
                })
            })
            .collect()
    }

    pub fn poster(&self, code: &str) -> Result<PosterView> {
        self.posters()?
            .into_iter()
            .find(|p| p.poster.code == code)
            .ok_or_else(|| Error::not_found("poster", code))
    }
}

/// Each connected account's address for a link: the WhatsApp number, the Page id, the bot's
/// @username.
struct Linkable {
    channel: ChannelKind,
    name: String,
    address: Option<String>,
}

fn linkable_accounts(c: &Connection) -> Result<Vec<Linkable>> {
    let mut stmt = c.prepare_cached(
        "SELECT channel, COALESCE(display_name, name), phone, remote_id FROM accounts ORDER BY id",
    )?;
    let accounts = stmt
        .query_map([], |r| {
            let channel = rows::channel(r, 0)?;
            let name: String = r.get(1)?;
            let address = match channel {
                ChannelKind::Whatsapp => r.get::<_, Option<String>>(2)?,
                ChannelKind::Messenger => r.get::<_, Option<String>>(3)?,
                ChannelKind::Telegram => name.starts_with('@').then(|| name.clone()),
            };
            Ok(Linkable {
                channel,
                name,
                address,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(accounts)
}

fn links(p: &Poster, accounts: &[Linkable]) -> Result<Vec<PosterLink>> {
    let mut out = Vec::new();
    for a in accounts {
        let Some(address) = a.address.as_deref().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        let url = match a.channel {
            ChannelKind::Whatsapp => whatsapp_link(address, &p.text, &p.code),
            ChannelKind::Messenger => messenger_link(address, &p.code),
            ChannelKind::Telegram => telegram_link(address, &p.code),
        };
        out.push(PosterLink {
            channel: a.channel,
            account: a.name.clone(),
            qr_svg: Matrix::of(&url)?.svg(),
            url,
        });
    }
    Ok(out)
}
