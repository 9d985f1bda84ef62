//! Row → domain conversions shared by the table modules, and the one SELECT that shapes a
//! message for display.

use rusqlite::Row;

use crate::model::{ChannelKind, Direction, MessageStatus, MessageView};
use crate::time_fmt::rfc3339;

/// The columns [`message_view`] reads, in its order; use with [`MESSAGE_VIEW_FROM`].
pub const MESSAGE_VIEW_COLUMNS: &str =
    "m.id, m.conversation_id, m.account_id, a.channel, m.direction, m.kind, m.text, m.sent_at,
     m.status, c.display_name, m.error, m.edited_at IS NOT NULL, m.deleted_at IS NOT NULL,
     m.forwarded_from, m.reply_to_remote_id";

pub const MESSAGE_VIEW_FROM: &str = "FROM messages m
     JOIN accounts a ON a.id = m.account_id
     LEFT JOIN contacts c ON c.id = m.sender_contact_id";

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
    })
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
