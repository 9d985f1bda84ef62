//! Row → domain conversions shared by the table modules, and the one SELECT that shapes a
//! message for display.

use rusqlite::{Connection, Row};

use crate::model::{
    AttachmentView, ChannelKind, Direction, MessageStatus, MessageView, ReactionView,
};
use crate::time_fmt::rfc3339;

/// The columns [`message_view`] reads, in its order; use with [`MESSAGE_VIEW_FROM`].
pub const MESSAGE_VIEW_COLUMNS: &str =
    "m.id, m.conversation_id, m.account_id, a.channel, m.direction, m.kind, m.text, m.sent_at,
     m.status, c.display_name, m.error, m.edited_at IS NOT NULL, m.deleted_at IS NOT NULL,
     m.forwarded_from, m.reply_to_remote_id, m.remote_id, m.error_code, m.automated,
     o.scheduled_at, m.sent_at_unsure, m.broadcast_id IS NOT NULL";

/// How many columns [`MESSAGE_VIEW_COLUMNS`] has: a query selecting more reads them from here on.
pub const MESSAGE_VIEW_COLUMN_COUNT: usize = 21;

pub const MESSAGE_VIEW_FROM: &str = "FROM messages m
     JOIN accounts a ON a.id = m.account_id
     LEFT JOIN contacts c ON c.id = m.sender_contact_id
     LEFT JOIN outbox o ON o.message_id = m.id";

pub fn message_view(row: &Row<'_>) -> rusqlite::Result<MessageView> {
    Ok(MessageView {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        account_id: row.get(2)?,
        channel: channel(row, 3)?,
        direction: direction(row, 4)?,
        kind: row.get(5)?,
        text: row.get(6)?,
        sent_at: rfc3339(row.get(7)?),
        status: status(row, 8)?,
        sender_name: row.get(9)?,
        error: row.get(10)?,
        edited: row.get(11)?,
        deleted: row.get(12)?,
        forwarded_from: row.get(13)?,
        reply_to_remote_id: row.get(14)?,
        remote_id: row.get(15)?,
        error_code: row
            .get::<_, Option<String>>(16)?
            .and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok()),
        automated: row.get(17)?,
        scheduled_at: row.get::<_, Option<i64>>(18)?.map(rfc3339),
        sent_at_unsure: row.get(19)?,
        broadcast: row.get(20)?,
        attachments: Vec::new(),
        reactions: Vec::new(),
    })
}

/// Fills in the attachments and reactions of a page of messages, one query each.
pub fn with_attachments(c: &Connection, messages: &mut [MessageView]) -> rusqlite::Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    with_reactions(c, messages)?;
    let ids: Vec<String> = messages.iter().map(|m| m.id.to_string()).collect();
    // Ids are integers from our own rows, so inlining them is safe.
    let sql = format!(
        "SELECT message_id, id, kind, mime_type, file_name, size_bytes, width, height, duration_secs,
                meta, local_path IS NOT NULL, fetch_error
         FROM attachments WHERE message_id IN ({}) ORDER BY id",
        ids.join(",")
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            AttachmentView {
                id: r.get(1)?,
                kind: r.get(2)?,
                mime_type: r.get(3)?,
                file_name: r.get(4)?,
                size_bytes: r.get(5)?,
                width: r.get(6)?,
                height: r.get(7)?,
                duration_secs: r.get(8)?,
                meta: r.get(9)?,
                downloaded: r.get(10)?,
                fetch_error: r.get(11)?,
            },
        ))
    })?;
    for row in rows {
        let (message_id, attachment) = row?;
        if let Some(m) = messages.iter_mut().find(|m| m.id == message_id) {
            m.attachments.push(attachment);
        }
    }
    Ok(())
}

fn with_reactions(c: &Connection, messages: &mut [MessageView]) -> rusqlite::Result<()> {
    let mut stmt = c.prepare_cached(
        "SELECT emoji, reactor = '' FROM reactions
         WHERE account_id = ?1 AND message_remote_id = ?2 ORDER BY at",
    )?;
    for m in messages.iter_mut() {
        let Some(remote_id) = &m.remote_id else {
            continue;
        };
        m.reactions = stmt
            .query_map(rusqlite::params![m.account_id, remote_id], |r| {
                Ok(ReactionView {
                    emoji: r.get(0)?,
                    mine: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(())
}

fn bad_value(idx: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("unexpected value {value:?}").into(),
    )
}

pub fn channel(row: &Row<'_>, idx: usize) -> rusqlite::Result<ChannelKind> {
    let s: String = row.get(idx)?;
    ChannelKind::parse(&s).ok_or_else(|| bad_value(idx, &s))
}

pub fn direction(row: &Row<'_>, idx: usize) -> rusqlite::Result<Direction> {
    let s: String = row.get(idx)?;
    Direction::parse(&s).ok_or_else(|| bad_value(idx, &s))
}

pub fn status(row: &Row<'_>, idx: usize) -> rusqlite::Result<MessageStatus> {
    let s: String = row.get(idx)?;
    MessageStatus::parse(&s).ok_or_else(|| bad_value(idx, &s))
}

pub fn optional<T>(
    row: &Row<'_>,
    idx: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| parse(&s).ok_or_else(|| bad_value(idx, &s)))
        .transpose()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_column_count_matches_the_columns() {
        assert_eq!(
            super::MESSAGE_VIEW_COLUMNS.split(',').count(),
            super::MESSAGE_VIEW_COLUMN_COUNT
        );
    }
}
