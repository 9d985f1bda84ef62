//! One customer across channels. Each identity (a contact: a WhatsApp number, a Telegram user,
//! a Messenger Page-scoped id) is a customer of its own until merged. A merge is an edge between
//! two identities kept in `customer_merges`; a customer is a connected group of identities, and
//! `contacts.customer_id` caches the group (its smallest contact id) for reads. Undoing a merge
//! marks the edge undone and recomputes the groups it touched: nothing is ever deleted.
//!
//! Merged on its own only on a verified match: a Telegram user who shared their *own* contact
//! (the card's `user_id` is the sender) whose phone is a WhatsApp customer's number. Everything
//! else is a suggestion the owner confirms (customer_suggestions.rs).

use std::collections::{BTreeSet, VecDeque};

use rusqlite::{params, Connection, OptionalExtension};

use super::contact_card::identities;
use super::conversations;
use super::database::Store;
use super::keys::{key_of, resolve};
use super::rows;
use crate::error::{Error, Result};
use crate::model::{
    ConversationId, ConversationKey, Customer, CustomerChannel, CustomerMerge, MergeHow,
    ReplyWindow, ShopChange,
};
use crate::time_fmt::rfc3339;

/// The identity (contact) of a one-to-one conversation.
pub(super) fn contact_of(c: &Connection, conversation: ConversationId) -> Result<i64> {
    c.prepare_cached("SELECT contact_id, kind FROM conversations WHERE id = ?1")?
        .query_row([conversation], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .ok_or_else(|| Error::not_found("conversation", conversation))
        .and_then(|(contact, kind)| match contact {
            Some(id) if kind == "private" => Ok(id),
            _ => Err(Error::InvalidInput(
                "A group chat is not one customer: open the customer's own chat.".into(),
            )),
        })
}

/// Every identity of the customer `contact` belongs to (itself included).
pub(super) fn group_of(c: &Connection, contact: i64) -> Result<Vec<i64>> {
    let mut stmt = c.prepare_cached(
        "SELECT o.id FROM contacts ct JOIN contacts o
           ON COALESCE(o.customer_id, o.id) = COALESCE(ct.customer_id, ct.id)
         WHERE ct.id = ?1 ORDER BY o.id",
    )?;
    let ids = stmt
        .query_map([contact], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// Applies a merge (from the log): links the two chats' identities. Merging what is already
/// one customer only records the edge.
pub(super) fn merge(
    tx: &Connection,
    id: &str,
    (kept, joined): (&ConversationKey, &ConversationKey),
    how: MergeHow,
    evidence: &str,
    at: i64,
) -> Result<ConversationId> {
    let kept_conversation = resolve(tx, kept)?;
    let kept = contact_of(tx, kept_conversation)?;
    let joined = contact_of(tx, resolve(tx, joined)?)?;
    if kept == joined {
        return Err(Error::InvalidInput(
            "These are the same chat: choose two different chats.".into(),
        ));
    }
    tx.prepare_cached(
        "INSERT INTO customer_merges (id, kept, joined, how, evidence, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![id, kept, joined, how_str(how), evidence, at])?;
    recompute(tx, &[kept, joined])?;
    Ok(kept_conversation)
}

/// Undoes a merge (from the log); returns a conversation of each side, for the window.
pub(super) fn undo(tx: &Connection, id: &str, at: i64) -> Result<Option<ConversationId>> {
    let Some((kept, joined)) = tx
        .prepare_cached("SELECT kept, joined FROM customer_merges WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .optional()?
    else {
        return Ok(None);
    };
    tx.prepare_cached(
        "UPDATE customer_merges SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL",
    )?
    .execute(params![id, at])?;
    recompute(tx, &[kept, joined])?;
    Ok(tx
        .prepare_cached("SELECT id FROM conversations WHERE contact_id = ?1 LIMIT 1")?
        .query_row([kept], |r| r.get(0))
        .optional()?)
}

/// Sets `customer_id` for every identity connected to `seeds` by merges still in force.
fn recompute(tx: &Connection, seeds: &[i64]) -> Result<()> {
    let mut done = BTreeSet::new();
    for &seed in seeds {
        if done.contains(&seed) {
            continue;
        }
        // Everyone the seed's old group held may be split off now, so start from all of them.
        let mut starts = group_of(tx, seed)?;
        starts.push(seed);
        for start in starts {
            if done.contains(&start) {
                continue;
            }
            let component = connected(tx, start)?;
            let root = *component.iter().next().unwrap_or(&start);
            for &member in &component {
                tx.prepare_cached("UPDATE contacts SET customer_id = ?2 WHERE id = ?1")?
                    .execute(params![member, (component.len() > 1).then_some(root)])?;
                done.insert(member);
            }
        }
    }
    Ok(())
}

fn connected(tx: &Connection, start: i64) -> Result<BTreeSet<i64>> {
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    let mut stmt = tx.prepare_cached(
        "SELECT joined FROM customer_merges WHERE kept = ?1 AND undone_at IS NULL
         UNION SELECT kept FROM customer_merges WHERE joined = ?1 AND undone_at IS NULL",
    )?;
    while let Some(at) = queue.pop_front() {
        let next = stmt
            .query_map([at], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for n in next {
            if seen.insert(n) {
                queue.push_back(n);
            }
        }
    }
    Ok(seen)
}

fn how_str(how: MergeHow) -> &'static str {
    match how {
        MergeHow::Verified => "verified",
        MergeHow::Confirmed => "confirmed",
    }
}

/// The verified match a message may prove: a Telegram customer who shared their own contact
/// card, whose phone is a WhatsApp customer's number. Returns the merge to record.
pub(super) fn verified_match(
    tx: &Connection,
    conversation: ConversationId,
    sender_remote_id: &str,
    card_json: &str,
) -> Result<Option<ShopChange>> {
    let Ok(card) = serde_json::from_str::<serde_json::Value>(card_json) else {
        return Ok(None);
    };
    // Only the customer's own number proves anything: anyone can forward someone else's card.
    let own = match card.get("user_id") {
        Some(serde_json::Value::Number(n)) => n.to_string() == sender_remote_id,
        Some(serde_json::Value::String(s)) => s == sender_remote_id,
        _ => false,
    };
    let phone: String = card
        .get("phone_number")
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if !own || phone.len() < 8 {
        return Ok(None);
    }
    // WhatsApp's wa_id is the number in international form, digits only.
    let Some(whatsapp) = tx
        .prepare_cached(
            "SELECT cv.id FROM conversations cv JOIN accounts a ON a.id = cv.account_id
             JOIN contacts ct ON ct.id = cv.contact_id
             WHERE a.channel = 'whatsapp' AND cv.kind = 'private' AND ct.remote_id = ?1
             ORDER BY cv.id LIMIT 1",
        )?
        .query_row([&phone], |r| r.get::<_, ConversationId>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let (a, b) = (contact_of(tx, whatsapp)?, contact_of(tx, conversation)?);
    if group_of(tx, a)?.contains(&b) {
        return Ok(None);
    }
    Ok(Some(ShopChange::CustomersMerged {
        id: uuid::Uuid::now_v7().to_string(),
        kept: key_of(tx, whatsapp)?,
        joined: key_of(tx, conversation)?,
        how: MergeHow::Verified,
        evidence: format!("+{phone} shared as their own contact on Telegram"),
    }))
}

impl Store {
    /// The customer behind a conversation, with every identity and chat.
    pub fn customer(&self, conversation: ConversationId) -> Result<Customer> {
        let mut customer = self.read(|c| {
            let contact = contact_of(c, conversation)?;
            let group = group_of(c, contact)?;
            let list = group
                .iter()
                .map(|id| id.to_string())
                .collect::<Vec<_>>()
                .join(",");
            // Our own integers, so inlining them is safe.
            let mut stmt = c.prepare(&format!(
                "SELECT cv.id, a.channel, COALESCE(a.display_name, a.name), cv.title, cv.source
                 FROM conversations cv JOIN accounts a ON a.id = cv.account_id
                 WHERE cv.kind = 'private' AND cv.contact_id IN ({list})
                 ORDER BY cv.id = ?1 DESC, cv.last_message_at DESC"
            ))?;
            let chats = stmt
                .query_map([conversation], |r| {
                    Ok((
                        r.get::<_, ConversationId>(0)?,
                        rows::channel(r, 1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut channels = Vec::new();
            let mut source = None;
            for (id, channel, account, title, from) in chats {
                source = source.or(from);
                let can_write = !matches!(
                    conversations::address(c, id)?.reply_window,
                    ReplyWindow::Closed { .. }
                );
                channels.push(CustomerChannel {
                    conversation_id: id,
                    channel,
                    account,
                    title,
                    identities: identities(c, id)?,
                    can_write,
                });
            }
            let merges = merges_of(c, &list)?;
            let labels = labels_of(c, &channels)?;
            Ok(Customer {
                name: channels
                    .first()
                    .map(|ch| ch.title.clone())
                    .unwrap_or_default(),
                channels,
                merges,
                labels,
                notes: Vec::new(),
                consents: Vec::new(),
                source,
            })
        })?;
        customer.notes = self.notes(conversation)?;
        customer.consents = self.consents_of_customer(conversation)?;
        Ok(customer)
    }

    /// The merges in force that joined `conversation`'s identity to others (to undo them).
    pub fn merges_touching(&self, conversation: ConversationId) -> Result<Vec<String>> {
        self.read(|c| {
            let contact = contact_of(c, conversation)?;
            let mut stmt = c.prepare_cached(
                "SELECT id FROM customer_merges
                 WHERE (kept = ?1 OR joined = ?1) AND undone_at IS NULL ORDER BY at",
            )?;
            let ids = stmt
                .query_map([contact], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(ids)
        })
    }

    /// Whether two conversations are already one customer.
    pub fn same_customer(&self, a: ConversationId, b: ConversationId) -> Result<bool> {
        self.read(|c| {
            let (a, b) = (contact_of(c, a)?, contact_of(c, b)?);
            Ok(group_of(c, a)?.contains(&b))
        })
    }
}

fn merges_of(c: &Connection, contacts: &str) -> Result<Vec<CustomerMerge>> {
    let mut stmt = c.prepare(&format!(
        "SELECT m.id, m.how, m.evidence, m.at,
                (SELECT cv.id FROM conversations cv WHERE cv.contact_id = m.joined LIMIT 1),
                (SELECT cv.title FROM conversations cv WHERE cv.contact_id = m.joined LIMIT 1)
         FROM customer_merges m
         WHERE m.undone_at IS NULL AND (m.kept IN ({contacts}) OR m.joined IN ({contacts}))
         ORDER BY m.at DESC"
    ))?;
    let merges = stmt
        .query_map([], |r| {
            Ok(CustomerMerge {
                id: r.get(0)?,
                how: if r.get::<_, String>(1)? == "verified" {
                    MergeHow::Verified
                } else {
                    MergeHow::Confirmed
                },
                evidence: r.get(2)?,
                at: rfc3339(r.get(3)?),
                joined_conversation_id: r.get::<_, Option<i64>>(4)?.unwrap_or_default(),
                joined_title: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(merges)
}

fn labels_of(c: &Connection, channels: &[CustomerChannel]) -> Result<Vec<crate::model::Label>> {
    let ids = channels
        .iter()
        .map(|ch| ch.conversation_id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = c.prepare(&format!(
        "SELECT DISTINCT l.id, l.name, l.color, l.group_name, l.position FROM labels l
         JOIN conversation_labels cl ON cl.label_id = l.id
         WHERE cl.conversation_id IN ({ids}) ORDER BY l.position, l.name"
    ))?;
    let labels = stmt
        .query_map([], |r| {
            Ok(crate::model::Label {
                id: r.get(0)?,
                name: r.get(1)?,
                color: r.get(2)?,
                group: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(labels)
}

#[cfg(test)]
#[path = "customers_tests.rs"]
mod tests;
