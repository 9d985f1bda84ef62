//! Who an inbound message is from and which conversation it goes to: the customer's contact
//! and the chat, created or refreshed, once per party in a batch.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::inbound::{InboundMessage, RemoteContact};
use crate::model::{AccountId, ConversationId, Direction};

/// Who the messages of one batch are from and which conversation they go to, by everything
/// that decides it. In one transaction, upserting the same customer and chat again with the
/// same values changes nothing, so a batch does it once per party (a history page is often one
/// chat).
#[derive(Default)]
pub(super) struct Parties(HashMap<String, (Direction, Option<i64>, ConversationId)>);

impl Parties {
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }

    fn key(m: &InboundMessage) -> String {
        format!(
            "{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}",
            m.direction, m.conversation, m.sender, m.business_connection_id
        )
    }

    /// The message's direction (the owner's own messages turned out), sender and conversation.
    pub(super) fn of(
        &mut self,
        tx: &Connection,
        account_id: AccountId,
        m: &InboundMessage,
        now: i64,
    ) -> Result<(Direction, Option<i64>, ConversationId)> {
        let key = Parties::key(m);
        if let Some(known) = self.0.get(&key) {
            return Ok(*known);
        }
        let parties = upsert_parties(tx, account_id, m, now)?;
        self.0.insert(key, parties);
        Ok(parties)
    }
}

/// In a business chat, what the shop owner wrote from their phone is the shop speaking.
fn is_from_business_owner(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
) -> Result<bool> {
    let (Some(connection), Some(sender)) = (&m.business_connection_id, &m.sender) else {
        return Ok(false);
    };
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM business_connections
             WHERE account_id = ?1 AND connection_id = ?2 AND owner_remote_id = ?3",
        )?
        .query_row(
            params![account_id, connection, sender.remote_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The message's sender and conversation, created or refreshed.
fn upsert_parties(
    tx: &Connection,
    account_id: AccountId,
    m: &InboundMessage,
    now: i64,
) -> Result<(Direction, Option<i64>, ConversationId)> {
    let direction = if m.direction == Direction::In && is_from_business_owner(tx, account_id, m)? {
        Direction::Out
    } else {
        m.direction
    };
    let sender_id = match (&m.sender, direction) {
        (Some(s), Direction::In) => Some(upsert_contact(tx, account_id, s, now)?),
        _ => None,
    };
    // In a private chat the customer is the conversation; only their own messages name it.
    let private_contact = match (direction, m.conversation.kind.as_str()) {
        (Direction::In, "private") => sender_id,
        _ => None,
    };
    // The name the shop owner saved for the customer beats the one the platform sends along.
    let saved_title: Option<String> = tx
        .prepare_cached(
            "SELECT saved_name FROM contacts WHERE account_id = ?1 AND remote_id = ?2 AND saved_name IS NOT NULL",
        )?
        .query_row(params![account_id, m.conversation.remote_id], |r| r.get(0))
        .optional()?;
    let title = saved_title.as_deref().unwrap_or(&m.conversation.title);
    let conversation_id: ConversationId = tx
        .prepare_cached(
            "INSERT INTO conversations (account_id, remote_id, kind, title, contact_id, business_connection_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE title END,
                 contact_id = COALESCE(excluded.contact_id, contact_id),
                 business_connection_id = COALESCE(excluded.business_connection_id, business_connection_id)
             RETURNING id",
        )?
        .query_row(
            params![
                account_id,
                m.conversation.remote_id,
                m.conversation.kind.as_str(),
                title,
                private_contact,
                m.business_connection_id
            ],
            |r| r.get(0),
        )?;
    Ok((direction, sender_id, conversation_id))
}

fn upsert_contact(
    tx: &Connection,
    account_id: AccountId,
    c: &RemoteContact,
    now: i64,
) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO contacts (account_id, remote_id, display_name, username, phone, updated_at,
                                   language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (account_id, remote_id) DO UPDATE SET
                 display_name = CASE WHEN saved_name IS NULL AND excluded.display_name <> ''
                                     THEN excluded.display_name ELSE display_name END,
                 username = COALESCE(excluded.username, username),
                 phone = COALESCE(excluded.phone, phone),
                 language = COALESCE(excluded.language, language),
                 updated_at = excluded.updated_at
             RETURNING id",
        )?
        .query_row(
            params![account_id, c.remote_id, c.display_name, c.username, c.phone, now, c.language],
            |r| r.get(0),
        )?)
}
