//! How every desktop of the shop names a conversation (channel, account, chat) and the local
//! row a name stands for: what the log of shop changes speaks in.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{ConversationId, ConversationKey};

/// The local conversation a key names.
pub(super) fn resolve(c: &Connection, key: &ConversationKey) -> Result<ConversationId> {
    c.prepare_cached(
        "SELECT c.id FROM conversations c JOIN accounts a ON a.id = c.account_id
         WHERE a.channel = ?1 AND COALESCE(a.remote_id, '') = ?2 AND c.remote_id = ?3",
    )?
    .query_row(params![key.channel.as_str(), key.account, key.chat], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::not_found("conversation", &key.chat))
}

pub(super) fn key_of(c: &Connection, conversation: ConversationId) -> Result<ConversationKey> {
    c.prepare_cached(
        "SELECT a.channel, COALESCE(a.remote_id, ''), c.remote_id
         FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?1",
    )?
    .query_row([conversation], |r| {
        Ok(ConversationKey {
            channel: super::rows::channel(r, 0)?,
            account: r.get(1)?,
            chat: r.get(2)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("conversation", conversation))
}
