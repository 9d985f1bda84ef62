//! The chat list: pinned chats first, then newest activity; or, filtered, one channel, unread
//! chats, a label, a status, or the chats waiting on the shop (the longest waiting first). Each
//! row carries its labels, status and who waits on whom.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::conversations::{BusinessState, BUSINESS_JOIN};
use super::database::Store;
use super::rows;
use crate::error::Result;
use crate::model::{
    ChatCounts, ChatFilter, ConversationId, ConversationStatus, ConversationSummary, Direction,
    Label, MessageStatus, Snooze, WaitingOn,
};
use crate::time_fmt::{now_ms, rfc3339};

const COLUMNS: &str = "c.id, c.account_id, a.channel, c.title, c.unread, c.last_message_at,
        substr(m.text, 1, 200), m.kind, m.direction, m.status,
        c.business_connection_id, bc.can_reply, bc.is_enabled, c.last_customer_message_at,
        c.window_refused_at, a.human_agent, d.text, c.pinned, c.archived,
        ct.picture_path, c.muted, c.status, c.snoozed_until, c.snooze_unless_reply,
        c.snooze_reason, c.waiting_since, c.last_shop_reply_at, c.source";

const FROM: &str = "FROM conversations c
         JOIN accounts a ON a.id = c.account_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN messages m ON m.id = c.last_message_id
         LEFT JOIN drafts d ON d.conversation_id = c.id";

/// The list's order. It is the index `conversations_by_list_order` (migration 0007) term for
/// term, so the first page is read in order without sorting every chat.
const LIST_ORDER: &str =
    "ORDER BY c.pinned DESC, c.last_message_at IS NULL, c.last_message_at DESC, c.id DESC";

/// The unfiltered list's query.
pub(super) fn chat_list_sql() -> String {
    format!("SELECT {COLUMNS} {FROM} {BUSINESS_JOIN} {LIST_ORDER} LIMIT ?1")
}

/// The query for `filter`, and its parameters after the limit (?1).
fn filtered_sql(filter: &ChatFilter) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let next = |v: Value, values: &mut Vec<Value>| {
        values.push(v);
        format!("?{}", values.len() + 1)
    };
    if let Some(channel) = filter.channel {
        clauses.push(format!(
            "a.channel = {}",
            next(Value::Text(channel.as_str().into()), &mut values)
        ));
    }
    if filter.unread {
        clauses.push("c.unread > 0".to_owned());
    }
    if let Some(archived) = filter.archived {
        clauses.push(format!("c.archived = {}", i64::from(archived)));
    }
    if let Some(label) = &filter.label {
        clauses.push(format!(
            // The label's chats and their customers' other chats, as the rows show it.
            "c.id IN (SELECT s.id FROM conversation_labels cl
                      JOIN conversations o ON o.id = cl.conversation_id
                      JOIN conversations s
                        ON s.id = o.id OR (o.contact_id IS NOT NULL AND s.contact_id = o.contact_id)
                      WHERE cl.label_id = {})",
            next(Value::Text(label.clone()), &mut values)
        ));
    }
    if let Some(status) = filter.status {
        clauses.push(format!(
            "c.status = {}",
            next(Value::Text(status.as_str().into()), &mut values)
        ));
    }
    if filter.hide_snoozed {
        clauses.push("c.status <> 'snoozed'".to_owned());
    }
    let order = if filter.needs_reply {
        clauses.push("c.status = 'open' AND c.waiting_since IS NOT NULL".to_owned());
        "ORDER BY c.waiting_since, c.id"
    } else {
        LIST_ORDER
    };
    let filters = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (
        format!("SELECT {COLUMNS} {FROM} {BUSINESS_JOIN} {filters} {order} LIMIT ?1"),
        values,
    )
}

fn summary(row: &Row<'_>, now: i64) -> rusqlite::Result<ConversationSummary> {
    let preview_kind: Option<String> = row.get(7)?;
    let preview_text: Option<String> = row.get(6)?;
    let business = BusinessState::read(row, 10)?;
    let channel = rows::channel(row, 2)?;
    let status =
        rows::optional(row, 21, ConversationStatus::parse)?.unwrap_or(ConversationStatus::Open);
    let snoozed_until: Option<i64> = row.get(22)?;
    let waiting_since: Option<i64> = row.get(25)?;
    let last_reply: Option<i64> = row.get(26)?;
    Ok(ConversationSummary {
        id: row.get(0)?,
        account_id: row.get(1)?,
        channel,
        title: row.get(3)?,
        unread: row.get(4)?,
        last_message_at: row.get::<_, Option<i64>>(5)?.map(rfc3339),
        last_message_preview: match (preview_text, preview_kind) {
            (Some(t), _) if !t.is_empty() => Some(t),
            (_, Some(kind)) => Some(format!("[{kind}]")),
            _ => None,
        },
        last_message_direction: rows::optional(row, 8, Direction::parse)?,
        last_message_status: rows::optional(row, 9, MessageStatus::parse)?,
        reply_window: business.reply_window(channel, now),
        business: business.connection_id.is_some(),
        draft: row.get(16)?,
        pinned: row.get(17)?,
        archived: row.get(18)?,
        picture: row.get(19)?,
        muted: row.get(20)?,
        labels: Vec::new(),
        status,
        snooze: match (status, snoozed_until) {
            (ConversationStatus::Snoozed, Some(until)) => Some(Snooze {
                until: rfc3339(until),
                unless_reply: row.get(23)?,
                follow_up: row.get::<_, Option<String>>(24)?.as_deref() == Some("follow_up"),
            }),
            _ => None,
        },
        waiting_on: match (waiting_since, last_reply) {
            (Some(_), _) => Some(WaitingOn::Us),
            (None, Some(_)) => Some(WaitingOn::Customer),
            (None, None) => None,
        },
        waiting_since: waiting_since.or(last_reply).map(rfc3339),
        source: row.get(27)?,
    })
}

/// Fills in each row's labels, in the shop's order, with one query: one label system, so a
/// label set on any of a customer's chats (the same contact, e.g. a bot chat and a Business
/// chat) shows on all of them.
fn with_labels(c: &Connection, list: &mut [ConversationSummary]) -> rusqlite::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = list.iter().map(|s| s.id.to_string()).collect();
    // Ids are integers from our own rows, so inlining them is safe.
    let sql = format!(
        "SELECT DISTINCT c.id, l.id, l.name, l.color, l.group_name, l.position
         FROM conversations c
         JOIN conversations s
           ON s.id = c.id OR (c.contact_id IS NOT NULL AND s.contact_id = c.contact_id)
         JOIN conversation_labels cl ON cl.conversation_id = s.id
         JOIN labels l ON l.id = cl.label_id
         WHERE c.id IN ({}) ORDER BY l.position, l.name",
        ids.join(",")
    );
    let mut by_chat: HashMap<ConversationId, Vec<Label>> = HashMap::new();
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, ConversationId>(0)?,
            Label {
                id: r.get(1)?,
                name: r.get(2)?,
                color: r.get(3)?,
                group: r.get(4)?,
            },
        ))
    })?;
    for row in rows {
        let (id, label) = row?;
        by_chat.entry(id).or_default().push(label);
    }
    for summary in list.iter_mut() {
        summary.labels = by_chat.remove(&summary.id).unwrap_or_default();
    }
    Ok(())
}

impl Store {
    /// The chat list: pinned chats first, then newest activity first. Archived and snoozed
    /// chats are included, flagged, so the window can show them under their own filter.
    pub fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        let now = now_ms();
        self.read(|c| {
            let mut stmt = c.prepare_cached(&chat_list_sql())?;
            let rows = stmt.query_map([limit], |r| summary(r, now))?;
            let mut list: Vec<ConversationSummary> = rows.collect::<rusqlite::Result<_>>()?;
            with_labels(c, &mut list)?;
            Ok(list)
        })
    }

    /// The chats `filter` picks, in the list's order (waiting ones: the longest waiting first).
    pub fn conversations_where(
        &self,
        filter: &ChatFilter,
        limit: u32,
    ) -> Result<Vec<ConversationSummary>> {
        if filter == &ChatFilter::default() {
            return self.conversations(limit);
        }
        let now = now_ms();
        let (sql, values) = filtered_sql(filter);
        self.read(|c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let mut params: Vec<Value> = vec![Value::Integer(i64::from(limit))];
            params.extend(values);
            let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| summary(r, now))?;
            let mut list: Vec<ConversationSummary> = rows.collect::<rusqlite::Result<_>>()?;
            with_labels(c, &mut list)?;
            Ok(list)
        })
    }

    /// How many chats each view of the list holds.
    pub fn chat_counts(&self) -> Result<ChatCounts> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COALESCE(SUM(status = 'open' AND waiting_since IS NOT NULL AND archived = 0), 0),
                        COALESCE(SUM(status = 'snoozed'), 0),
                        COALESCE(SUM(status = 'done' AND archived = 0), 0),
                        COALESCE(SUM(archived), 0)
                 FROM conversations",
                [],
                |r| {
                    Ok(ChatCounts {
                        needs_reply: r.get(0)?,
                        snoozed: r.get(1)?,
                        done: r.get(2)?,
                        archived: r.get(3)?,
                    })
                },
            )?)
        })
    }

    /// One row of the list, for a chat that just changed.
    pub fn conversation(&self, id: ConversationId) -> Result<ConversationSummary> {
        let now = now_ms();
        self.read(|c| {
            let sql = format!("SELECT {COLUMNS} {FROM} {BUSINESS_JOIN} WHERE c.id = ?1");
            let mut one = vec![c
                .prepare_cached(&sql)?
                .query_row([id], |r| summary(r, now))
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => {
                        crate::error::Error::not_found("conversation", id)
                    }
                    other => other.into(),
                })?];
            with_labels(c, &mut one)?;
            Ok(one.remove(0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::temp_store;

    #[test]
    fn the_chat_list_is_read_in_index_order_without_a_sort() {
        let (_dir, store) = temp_store();
        let plan: Vec<String> = store
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {}", chat_list_sql()))?;
                let rows = stmt.query_map([500], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("conversations_by_list_order")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }

    #[test]
    fn the_chats_waiting_on_the_shop_are_read_by_their_index() {
        let (_dir, store) = temp_store();
        let (sql, values) = filtered_sql(&ChatFilter {
            needs_reply: true,
            ..ChatFilter::default()
        });
        assert!(values.is_empty());
        let plan: Vec<String> = store
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let rows = stmt.query_map([500], |r| r.get::<_, String>(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("conversations_waiting")),
            "{plan:?}"
        );
    }
}
