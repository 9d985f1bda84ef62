//! The consent ledger (GDPR Art. 7(1): the shop must be able to show who agreed, when, to what
//! wording, how, and when they withdrew; EDPB guidelines 05/2020). One line per identity (a
//! channel) and topic as it was given; withdrawal fills the line's last columns and never
//! deletes it. Lines change only through the log of shop changes (shop_log.rs).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::customers::{contact_of, group_of};
use super::database::Store;
use super::keys::resolve;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{Consent, ConsentBasis, ConversationId, ConversationKey, ExclusionReason};
use crate::time_fmt::rfc3339;

/// A topic's name as the ledger keeps it: trimmed, lower case ("Offers " is "offers").
pub fn topic_name(topic: &str) -> Result<String> {
    let t = topic.trim().to_lowercase();
    if t.is_empty() || t.chars().count() > 60 {
        return Err(Error::InvalidInput(
            "Name the topic in a few words (for example \"offers\" or \"order updates\").".into(),
        ));
    }
    Ok(t)
}

/// One line of consent as the log carries it.
pub(super) struct Given<'a> {
    pub id: &'a str,
    pub conversation: &'a ConversationKey,
    pub topic: &'a str,
    pub basis: ConsentBasis,
    pub given_at: i64,
    pub source: &'a str,
    pub wording: &'a str,
    pub wording_version: Option<&'a str>,
    pub proof: Option<&'a str>,
    pub device: &'a str,
}

pub(super) fn give(tx: &Connection, g: &Given<'_>) -> Result<ConversationId> {
    let conversation = resolve(tx, g.conversation)?;
    let contact = contact_of(tx, conversation)?;
    tx.prepare_cached(
        "INSERT INTO consents (id, contact_id, topic, basis, given_at, source, wording,
                               wording_version, proof, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![
        g.id,
        contact,
        g.topic,
        g.basis.as_str(),
        g.given_at,
        g.source,
        g.wording,
        g.wording_version,
        g.proof,
        g.device
    ])?;
    Ok(conversation)
}

/// Withdraws the customer (every identity) from `topic`, or from every topic; returns how
/// many lines were open.
pub(super) fn withdraw(
    tx: &Connection,
    conversation: &ConversationKey,
    topic: Option<&str>,
    (how, proof): (&str, Option<&str>),
    at: i64,
) -> Result<(ConversationId, usize)> {
    let id = resolve(tx, conversation)?;
    let group = group_of(tx, contact_of(tx, id)?)?;
    let mut withdrawn = 0;
    for contact in group {
        withdrawn += tx
            .prepare_cached(
                "UPDATE consents SET withdrawn_at = ?3, withdrawn_how = ?4, withdrawn_proof = ?5
                 WHERE contact_id = ?1 AND (?2 IS NULL OR topic = ?2) AND withdrawn_at IS NULL
                   AND given_at <= ?3",
            )?
            .execute(params![contact, topic, at, how, proof])?;
    }
    Ok((id, withdrawn))
}

/// Whether the identity of `conversation` may receive messages on `topic`: a line in force, or
/// why not.
pub(super) fn state(
    c: &Connection,
    contact: i64,
    topic: &str,
) -> Result<std::result::Result<(), ExclusionReason>> {
    let (open, withdrawn): (i64, i64) = c
        .prepare_cached(
            "SELECT COALESCE(SUM(withdrawn_at IS NULL), 0), COALESCE(SUM(withdrawn_at IS NOT NULL), 0)
             FROM consents WHERE contact_id = ?1 AND topic = ?2",
        )?
        .query_row(params![contact, topic], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(if open > 0 {
        Ok(())
    } else if withdrawn > 0 {
        Err(ExclusionReason::Withdrawn)
    } else {
        Err(ExclusionReason::NoConsent)
    })
}

/// Whether the identity has a line in force for `topic` (a poster does not record twice).
pub(super) fn in_force(c: &Connection, contact: i64, topic: &str) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM consents WHERE contact_id = ?1 AND topic = ?2 AND withdrawn_at IS NULL",
    )?
    .query_row(params![contact, topic], |_| Ok(()))
    .optional()?
    .is_some())
}

const COLUMNS: &str = "k.id, (SELECT cv.id FROM conversations cv WHERE cv.contact_id = k.contact_id
                              ORDER BY cv.id LIMIT 1),
    COALESCE(NULLIF(ct.saved_name, ''), ct.display_name), a.channel, k.topic, k.basis, k.given_at,
    k.source, k.wording, k.wording_version, k.proof, k.recorded_by, k.withdrawn_at,
    k.withdrawn_how, k.withdrawn_proof";
const FROM: &str = "FROM consents k JOIN contacts ct ON ct.id = k.contact_id
    JOIN accounts a ON a.id = ct.account_id";

fn consent(r: &Row<'_>) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.get(0)?,
        conversation_id: r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
        customer: r.get(2)?,
        channel: rows::channel(r, 3)?,
        topic: r.get(4)?,
        basis: if r.get::<_, String>(5)? == "customer" {
            ConsentBasis::Customer
        } else {
            ConsentBasis::Consent
        },
        given_at: rfc3339(r.get(6)?),
        source: r.get(7)?,
        wording: r.get(8)?,
        wording_version: r.get(9)?,
        proof: r.get(10)?,
        recorded_by: r.get(11)?,
        withdrawn_at: r.get::<_, Option<i64>>(12)?.map(rfc3339),
        withdrawn_how: r.get(13)?,
        withdrawn_proof: r.get(14)?,
    })
}

impl Store {
    /// The whole ledger (or one topic's lines), oldest first.
    pub fn consents(&self, topic: Option<&str>) -> Result<Vec<Consent>> {
        let topic = topic.map(topic_name).transpose()?;
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} {FROM} WHERE ?1 IS NULL OR k.topic = ?1
                 ORDER BY k.given_at, k.id"
            ))?;
            let lines = stmt
                .query_map([topic], consent)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(lines)
        })
    }

    /// The ledger's lines for every identity of a conversation's customer.
    pub fn consents_of_customer(&self, conversation: ConversationId) -> Result<Vec<Consent>> {
        self.read(|c| {
            let group = group_of(c, contact_of(c, conversation)?)?;
            let list = group
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            // Our own integers, so inlining them is safe.
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} {FROM} WHERE k.contact_id IN ({list}) ORDER BY k.given_at DESC"
            ))?;
            let lines = stmt
                .query_map([], consent)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(lines)
        })
    }

    /// The ledger as CSV for an inspector: one line per consent, withdrawal included.
    pub fn consents_csv(&self) -> Result<String> {
        let mut out = String::from(
            "id,customer,channel,conversation_id,topic,legal_basis,given_at,source,wording,wording_version,proof_message_id,recorded_by,withdrawn_at,withdrawn_how,withdrawal_proof\n",
        );
        for k in self.consents(None)? {
            let fields = [
                k.id,
                k.customer,
                k.channel.as_str().to_owned(),
                k.conversation_id.to_string(),
                k.topic,
                k.basis.as_str().to_owned(),
                k.given_at,
                k.source,
                k.wording,
                k.wording_version.unwrap_or_default(),
                k.proof.unwrap_or_default(),
                k.recorded_by,
                k.withdrawn_at.unwrap_or_default(),
                k.withdrawn_how.unwrap_or_default(),
                k.withdrawn_proof.unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        Ok(out)
    }
}

/// RFC 4180 quoting; a field a spreadsheet would run as a formula is prefixed with '.
fn csv_field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{f}")
    } else {
        f.to_owned()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+39 333"), "'+39 333");
    }
}
