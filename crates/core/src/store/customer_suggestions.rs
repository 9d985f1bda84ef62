//! Chats that may be the same person, for the owner to decide (a name is not a person): the
//! same name across channels, stronger when one chat's phone number is written in the other.
//! Suggestions the owner declined are not offered again.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::customers::contact_of;
use super::database::Store;
use super::rows;
use crate::auto_reply::faq::fold_words;
use crate::error::Result;
use crate::model::{ChannelKind, ConversationId, MergeEvidence, MergeSuggestion};

impl Store {
    /// Chats that may be the same person, strongest evidence first. Never merged without the
    /// owner: a name is not a person.
    pub fn merge_suggestions(&self, limit: usize) -> Result<Vec<MergeSuggestion>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT cv.id, a.channel, cv.title, ct.id, COALESCE(ct.customer_id, ct.id),
                        ct.remote_id, ct.phone,
                        COALESCE(NULLIF(ct.saved_name, ''), ct.display_name)
                 FROM conversations cv JOIN accounts a ON a.id = cv.account_id
                 JOIN contacts ct ON ct.id = cv.contact_id
                 WHERE cv.kind = 'private'",
            )?;
            let people = stmt
                .query_map([], |r| {
                    Ok(Person {
                        conversation: r.get(0)?,
                        channel: rows::channel(r, 1)?,
                        title: r.get(2)?,
                        contact: r.get(3)?,
                        customer: r.get(4)?,
                        remote_id: r.get(5)?,
                        phone: r.get(6)?,
                        name: fold_words(&r.get::<_, String>(7)?).join(" "),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut by_name: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
            for p in &people {
                if !p.name.is_empty() {
                    by_name.entry(p.name.as_str()).or_default().push(p);
                }
            }
            let mut out = Vec::new();
            for (name, group) in by_name {
                for (i, a) in group.iter().enumerate() {
                    for b in &group[i + 1..] {
                        if a.customer == b.customer || a.channel == b.channel {
                            continue;
                        }
                        if declined(c, a.contact, b.contact)? {
                            continue;
                        }
                        let phone_hint = phone_written(c, a, b)?.or(phone_written(c, b, a)?);
                        let (evidence, detail) = match phone_hint {
                            Some(detail) => (MergeEvidence::SameNameAndPhoneInMessage, detail),
                            // One word ("Marco") is too common to suggest anything.
                            None if name.contains(' ') => {
                                (MergeEvidence::SameName, format!("Same name: {}", a.title))
                            }
                            None => continue,
                        };
                        out.push(MergeSuggestion {
                            conversation_id: a.conversation,
                            title: a.title.clone(),
                            channel: a.channel,
                            other_conversation_id: b.conversation,
                            other_title: b.title.clone(),
                            other_channel: b.channel,
                            evidence,
                            detail,
                        });
                    }
                }
            }
            out.sort_by_key(|s| {
                (
                    s.evidence != MergeEvidence::SameNameAndPhoneInMessage,
                    s.conversation_id,
                )
            });
            out.truncate(limit);
            Ok(out)
        })
    }

    /// The owner said two chats are not the same person: not suggested again.
    pub fn decline_merge(&self, a: ConversationId, b: ConversationId) -> Result<()> {
        self.write(|tx| {
            let (a, b) = (contact_of(tx, a)?, contact_of(tx, b)?);
            tx.prepare_cached(
                "INSERT INTO customer_merge_declined (a, b) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?
            .execute(params![a.min(b), a.max(b)])?;
            Ok(())
        })
    }
}

struct Person {
    conversation: ConversationId,
    channel: ChannelKind,
    title: String,
    contact: i64,
    customer: i64,
    remote_id: String,
    phone: Option<String>,
    name: String,
}

impl Person {
    /// The person's phone as digits, if their channel knows it.
    fn phone_digits(&self) -> Option<String> {
        let raw = match self.channel {
            ChannelKind::Whatsapp => Some(self.remote_id.as_str()),
            _ => self.phone.as_deref(),
        }?;
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        (digits.len() >= 8).then_some(digits)
    }
}

fn declined(c: &Connection, a: i64, b: i64) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM customer_merge_declined WHERE a = ?1 AND b = ?2")?
            .query_row(params![a.min(b), a.max(b)], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

/// `a`'s phone written by the customer in `b`'s chat, as the owner reads the evidence.
fn phone_written(c: &Connection, a: &Person, b: &Person) -> Result<Option<String>> {
    let Some(phone) = a.phone_digits() else {
        return Ok(None);
    };
    // The national part is enough: customers rarely write the country code.
    let tail = &phone[phone.len().saturating_sub(9)..];
    let mut stmt = c.prepare_cached(
        "SELECT text FROM messages WHERE conversation_id = ?1 AND direction = 'in'
         ORDER BY id DESC LIMIT 2000",
    )?;
    let texts = stmt.query_map([b.conversation], |r| r.get::<_, String>(0))?;
    for text in texts {
        let text = text?;
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.contains(tail) {
            return Ok(Some(format!(
                "+{phone} written in the chat on {}",
                b.channel.as_str()
            )));
        }
    }
    Ok(None)
}
