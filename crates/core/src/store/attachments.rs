//! The `attachments` table: where each file comes from, and where its bytes are kept locally.

use rusqlite::{params, Connection, OptionalExtension};

use super::database::Store;
use crate::error::{Error, Result};
use crate::inbound::InboundMessage;
use crate::model::OutgoingFile;
use crate::model::{AccountId, MessageId};

/// A download that failed this often is left until the shop owner opens it.
const MAX_FETCH_ATTEMPTS: i64 = 8;

/// What fetching an attachment's bytes needs.
#[derive(Debug, Clone)]
pub struct AttachmentSource {
    pub account_id: AccountId,
    pub kind: String,
    pub remote_ref: Option<String>,
    /// A smaller version to show first (the smallest photo size), if the platform has one.
    pub thumb_ref: Option<String>,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub local_path: Option<String>,
}

impl Store {
    pub fn attachment_source(&self, id: i64) -> Result<AttachmentSource> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT m.account_id, a.kind, a.remote_ref, json_extract(a.meta, '$.thumb'),
                        a.file_name, a.mime_type, a.local_path
                 FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(AttachmentSource {
                    account_id: r.get(0)?,
                    kind: r.get(1)?,
                    remote_ref: r.get(2)?,
                    thumb_ref: r.get(3)?,
                    file_name: r.get(4)?,
                    mime_type: r.get(5)?,
                    local_path: r.get(6)?,
                })
            })
            .optional()?
            .ok_or_else(|| Error::not_found("attachment", id))
        })
    }

    /// Attachments the account received whose bytes are not here yet, oldest first; each is
    /// tried a limited number of times (then only on view).
    pub fn attachments_to_prefetch(
        &self,
        account: AccountId,
        limit: u32,
    ) -> Result<Vec<(i64, AttachmentSource)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.id, m.account_id, a.kind, a.remote_ref, a.file_name, a.mime_type
                 FROM attachments a JOIN messages m ON m.id = a.message_id
                 WHERE m.account_id = ?1 AND a.local_path IS NULL AND a.remote_ref IS NOT NULL
                       AND a.fetch_attempts < ?2
                 ORDER BY a.id LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![account, MAX_FETCH_ATTEMPTS, limit], |r| {
                Ok((
                    r.get(0)?,
                    AttachmentSource {
                        account_id: r.get(1)?,
                        kind: r.get(2)?,
                        remote_ref: r.get(3)?,
                        thumb_ref: None,
                        file_name: r.get(4)?,
                        mime_type: r.get(5)?,
                        local_path: None,
                    },
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn attachment_fetch_failed(&self, id: i64, reason: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE attachments SET fetch_error = ?2, fetch_attempts = fetch_attempts + 1,
                     fetch_state = 'failed'
                 WHERE id = ?1",
                params![id, reason],
            )?;
            Ok(())
        })
    }

    /// The message an attachment belongs to, as shown.
    pub fn attachment_message(&self, id: i64) -> Result<crate::model::MessageView> {
        let message: MessageId = self.read(|c| {
            c.prepare_cached("SELECT message_id FROM attachments WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("attachment", id))
        })?;
        self.message(message)
    }

    /// The bytes are now in the local cache at `path`.
    pub fn set_attachment_local(&self, id: i64, path: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE attachments SET local_path = ?2, fetch_state = 'local', fetch_error = NULL WHERE id = ?1",
                params![id, path],
            )?;
            Ok(())
        })
    }

    /// The attachment of an outgoing message, as the outbox uploads it.
    pub(crate) fn outgoing_file(
        c: &rusqlite::Connection,
        message: MessageId,
    ) -> rusqlite::Result<Option<OutgoingFile>> {
        c.prepare_cached(
            "SELECT kind, local_path, file_name, mime_type FROM attachments
             WHERE message_id = ?1 AND local_path IS NOT NULL ORDER BY id LIMIT 1",
        )?
        .query_row([message], |r| {
            Ok(OutgoingFile {
                kind: r.get(0)?,
                path: r.get::<_, String>(1)?.into(),
                file_name: r
                    .get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| "file".into()),
                mime_type: r.get(3)?,
            })
        })
        .optional()
    }
}

impl Store {
    /// Customers' pictures with a link but no local copy yet: (contact id, link).
    pub fn pictures_to_fetch(&self, account: AccountId, limit: u32) -> Result<Vec<(i64, String)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, picture_url FROM contacts
                 WHERE account_id = ?1 AND picture_url IS NOT NULL AND picture_path IS NULL
                 ORDER BY id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![account, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The picture is in the local cache; its link is no longer needed.
    pub fn set_picture_local(&self, contact: i64, path: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE contacts SET picture_path = ?2, picture_url = NULL WHERE id = ?1",
                params![contact, path],
            )?;
            Ok(())
        })
    }

    /// The link did not work (expired, gone): forget it; the next profile visit brings a new one.
    pub fn picture_failed(&self, contact: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE contacts SET picture_url = NULL WHERE id = ?1",
                [contact],
            )?;
            Ok(())
        })
    }
}

/// The attachments a received message came with.
pub(super) fn insert_received(
    tx: &Connection,
    message_id: MessageId,
    m: &InboundMessage,
) -> Result<()> {
    let mut attachment = tx.prepare_cached(
        "INSERT INTO attachments (message_id, kind, remote_ref, mime_type, file_name, size_bytes,
                                  width, height, duration_secs, meta)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for a in &m.attachments {
        attachment.execute(params![
            message_id,
            a.kind,
            a.remote_ref,
            a.mime_type,
            a.file_name,
            a.size_bytes,
            a.width,
            a.height,
            a.duration_secs,
            a.meta
        ])?;
    }
    Ok(())
}
