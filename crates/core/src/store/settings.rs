//! The `settings` table: the shop owner's choices, one JSON value per key; a missing or
//! unreadable value means the default.

use rusqlite::{params, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use super::database::Store;
use crate::error::{Error, Result};
use crate::model::ConversationId;

impl Store {
    pub fn setting<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let json: Option<String> = self.read(|c| {
            Ok(
                c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()?,
            )
        })?;
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    pub fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, json],
            )?;
            Ok(())
        })
    }

    /// A muted chat never notifies.
    pub fn set_muted(&self, conversation: ConversationId, muted: bool) -> Result<()> {
        self.write(|tx| {
            match tx.execute(
                "UPDATE conversations SET muted = ?2 WHERE id = ?1",
                params![conversation, muted],
            )? {
                0 => Err(Error::not_found("conversation", conversation)),
                _ => Ok(()),
            }
        })
    }

    /// The customer messages among `ids`, as the notification policy needs them.
    pub fn new_messages(&self, ids: &[i64]) -> Result<Vec<crate::notify::NewMessage>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.conversation_id, c.title, a.channel, m.text, m.kind, c.muted
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id
                 JOIN accounts a ON a.id = m.account_id
                 WHERE m.id = ?1 AND m.direction = 'in'",
            )?;
            let mut out = Vec::new();
            for id in ids {
                if let Some(m) = stmt
                    .query_row([id], |r| {
                        let text: String = r.get(3)?;
                        let kind: String = r.get(4)?;
                        Ok(crate::notify::NewMessage {
                            conversation_id: r.get(0)?,
                            customer: r.get(1)?,
                            channel: super::rows::channel(r, 2)?,
                            preview: if text.is_empty() {
                                format!("[{kind}]")
                            } else {
                                text
                            },
                            muted: r.get(5)?,
                        })
                    })
                    .optional()?
                {
                    out.push(m);
                }
            }
            Ok(out)
        })
    }
}
