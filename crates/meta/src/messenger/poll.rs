//! Catching up by reading the Page's inbox back (`/<page>/conversations`, platform messenger):
//! conversations updated since the last poll, newest first, and their messages back to that
//! moment, following paging cursors. A message seen here and by webhook has the same id, so it
//! is stored once.
//! <https://developers.facebook.com/docs/graph-api/reference/page/conversations/>

use std::time::Duration;

use serde_json::{json, Value};
use sportello_core::inbound::{AttachmentMeta, InboundMessage};
use sportello_core::model::Direction;
use sportello_core::ChannelError;

use super::normalize::customer;
use crate::graph::GraphApi;

/// Meta allows a Page about two calls a second; polling stays below that.
const CALL_GAP: Duration = Duration::from_millis(500);
/// A safety bound on one catch-up: a weekend of a busy shop fits many times over.
const MAX_PAGES: usize = 200;
/// Times in the inbox are whole seconds: look back a little so a message in the same second
/// as the watermark is not missed (duplicates are harmless).
const OVERLAP_MS: i64 = 2_000;

/// `2024-05-01T10:15:00+0000`, as the Graph API writes times.
pub fn parse_time(s: &str) -> Option<i64> {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
    );
    time::OffsetDateTime::parse(s, format)
        .or_else(|_| time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339))
        .ok()
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// What one catch-up found: messages oldest first, and the newest conversation update seen.
pub struct CatchUp {
    pub messages: Vec<InboundMessage>,
    pub newest_update_ms: i64,
}

async fn paced_get(
    api: &GraphApi,
    path: &str,
    query: &[(&str, &str)],
) -> Result<Value, ChannelError> {
    tokio::time::sleep(CALL_GAP).await;
    api.get(path, query).await
}

/// Everything in conversations updated after `since_ms`.
pub async fn catch_up(
    api: &GraphApi,
    page_id: &str,
    since_ms: i64,
) -> Result<CatchUp, ChannelError> {
    let mut newest = since_ms;
    let mut messages = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    'conversations: loop {
        let mut query = vec![
            ("platform", "messenger"),
            ("fields", "id,updated_time,participants"),
            ("limit", "50"),
        ];
        if let Some(a) = &after {
            query.push(("after", a.as_str()));
        }
        let page = paced_get(api, &format!("{page_id}/conversations"), &query).await?;
        pages += 1;
        let list = page
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for conversation in &list {
            let updated = conversation
                .get("updated_time")
                .and_then(Value::as_str)
                .and_then(parse_time)
                .unwrap_or(0);
            // Newest first: once one is older than the last poll, so are the rest.
            if updated < since_ms - OVERLAP_MS {
                break 'conversations;
            }
            newest = newest.max(updated);
            let Some(id) = conversation.get("id").and_then(Value::as_str) else {
                continue;
            };
            let names = participants(conversation, page_id);
            messages.extend(conversation_messages(api, id, page_id, since_ms, &names).await?);
        }
        after = page
            .pointer("/paging/cursors/after")
            .and_then(Value::as_str)
            .filter(|_| page.pointer("/paging/next").is_some())
            .map(str::to_owned);
        if after.is_none() || list.is_empty() || pages >= MAX_PAGES {
            break;
        }
    }
    messages.sort_by_key(|m| m.sent_at_ms);
    Ok(CatchUp {
        messages,
        newest_update_ms: newest,
    })
}

/// The customers in a conversation (everyone but the Page), with their names.
fn participants(conversation: &Value, page_id: &str) -> Vec<(String, String)> {
    conversation
        .pointer("/participants/data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let id = p.get("id")?.as_str()?;
            (id != page_id).then(|| {
                (
                    id.to_owned(),
                    p.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                )
            })
        })
        .collect()
}

async fn conversation_messages(
    api: &GraphApi,
    conversation_id: &str,
    page_id: &str,
    since_ms: i64,
    names: &[(String, String)],
) -> Result<Vec<InboundMessage>, ChannelError> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let mut query = vec![
            (
                "fields",
                "id,created_time,from,to,message,attachments,sticker",
            ),
            ("limit", "100"),
        ];
        if let Some(a) = &after {
            query.push(("after", a.as_str()));
        }
        let page = paced_get(api, &format!("{conversation_id}/messages"), &query).await?;
        let list = page
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut older_than_watermark = false;
        for m in &list {
            let at = m
                .get("created_time")
                .and_then(Value::as_str)
                .and_then(parse_time)
                .unwrap_or(0);
            if at < since_ms - OVERLAP_MS {
                older_than_watermark = true;
                continue;
            }
            if let Some(message) = inbox_message(m, page_id, at, names) {
                out.push(message);
            }
        }
        after = page
            .pointer("/paging/cursors/after")
            .and_then(Value::as_str)
            .filter(|_| page.pointer("/paging/next").is_some())
            .map(str::to_owned);
        if older_than_watermark || after.is_none() || list.is_empty() {
            break;
        }
    }
    Ok(out)
}

/// One message as the inbox API returns it.
fn inbox_message(
    m: &Value,
    page_id: &str,
    at: i64,
    names: &[(String, String)],
) -> Option<InboundMessage> {
    let id = m.get("id")?.as_str()?.to_owned();
    let from = m.pointer("/from/id").and_then(Value::as_str).unwrap_or("");
    let (direction, customer_id) = if from == page_id {
        let to = m
            .pointer("/to/data/0/id")
            .and_then(Value::as_str)
            .or_else(|| names.first().map(|(id, _)| id.as_str()))?;
        (Direction::Out, to.to_owned())
    } else {
        (Direction::In, from.to_owned())
    };
    let name = names
        .iter()
        .find(|(id, _)| *id == customer_id)
        .map(|(_, n)| n.clone())
        .or_else(|| {
            m.pointer("/from/name")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|n| !n.is_empty());
    let (conversation, contact) = customer(&customer_id, name);
    let mut attachments = Vec::new();
    for a in m
        .pointer("/attachments/data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mime = a.get("mime_type").and_then(Value::as_str).unwrap_or("");
        let (kind, url) = if let Some(url) = a.pointer("/image_data/url").and_then(Value::as_str) {
            ("photo", Some(url))
        } else if let Some(url) = a.pointer("/video_data/url").and_then(Value::as_str) {
            ("video", Some(url))
        } else if mime.starts_with("audio/") {
            ("audio", a.get("file_url").and_then(Value::as_str))
        } else {
            ("document", a.get("file_url").and_then(Value::as_str))
        };
        attachments.push(AttachmentMeta {
            kind: kind.into(),
            remote_ref: url.map(str::to_owned),
            mime_type: (!mime.is_empty()).then(|| mime.to_owned()),
            file_name: a.get("name").and_then(Value::as_str).map(str::to_owned),
            size_bytes: a.get("size").and_then(Value::as_i64),
            width: a.pointer("/image_data/width").and_then(Value::as_i64),
            height: a.pointer("/image_data/height").and_then(Value::as_i64),
            ..Default::default()
        });
    }
    if let Some(sticker) = m.get("sticker").and_then(Value::as_str) {
        attachments.push(AttachmentMeta {
            kind: "sticker".into(),
            remote_ref: Some(sticker.to_owned()),
            meta: Some(json!({ "sticker": true }).to_string()),
            ..Default::default()
        });
    }
    let text = m
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let kind = match (&text, attachments.first()) {
        (t, Some(a)) if t.is_empty() => a.kind.clone(),
        _ => "text".to_owned(),
    };
    Some(InboundMessage {
        remote_id: id,
        conversation,
        sender: (direction == Direction::In).then_some(contact),
        direction,
        kind,
        text,
        sent_at_ms: at,
        reply_to_remote_id: None,
        attachments,
        entities: None,
        forwarded_from: None,
        business_connection_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn graph_times_parse_with_their_offset() {
        assert_eq!(
            parse_time("2024-05-01T10:15:00+0000"),
            Some(1_714_558_500_000)
        );
        assert_eq!(
            parse_time("2024-05-01T12:15:00+0200"),
            Some(1_714_558_500_000)
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}
