//! Telegram updates → core's normalized inbound events.

use serde_json::{json, Value};
use sportello_core::inbound::{
    AttachmentMeta, BusinessConnection, ConversationKind, Inbound, InboundBatch, InboundMessage,
    RemoteContact, RemoteConversation,
};
use sportello_core::model::Direction;

use crate::types::{Chat, Message, User};

/// Message kinds that carry a file, in the order Telegram documents them.
const FILE_KINDS: &[&str] = &[
    "animation",
    "audio",
    "document",
    "photo",
    "sticker",
    "video",
    "video_note",
    "voice",
];
/// Other content kinds we recognise; their details are kept as JSON.
const OTHER_KINDS: &[&str] = &[
    "contact",
    "dice",
    "game",
    "poll",
    "venue",
    "location",
    "story",
    "invoice",
    "pinned_message",
];
/// Fields that describe a message rather than being its content: never its "kind".
const NOT_CONTENT: &[&str] = &[
    "message_thread_id",
    "sender_chat",
    "sender_boost_count",
    "sender_business_bot",
    "business_connection_id",
    "is_topic_message",
    "is_automatic_forward",
    "via_bot",
    "edit_date",
    "has_protected_content",
    "is_from_offline",
    "is_paid_post",
    "media_group_id",
    "author_signature",
    "link_preview_options",
    "reply_markup",
    "quote",
    "external_reply",
    "forward_origin",
    "forward_from",
    "forward_from_chat",
    "forward_from_message_id",
    "forward_signature",
    "forward_sender_name",
    "forward_date",
    "entities",
    "caption_entities",
    "show_caption_above_media",
    "has_media_spoiler",
    "effect_id",
    "paid_star_count",
    "reply_to_story",
    "reply_to_checklist_task_id",
    "direct_messages_topic",
    "sender_tag",
    "suggested_post_info",
];

/// Telegram message ids are unique only within a chat, so the remote id carries both.
pub fn remote_message_id(chat_id: i64, message_id: i64) -> String {
    format!("{chat_id}:{message_id}")
}

/// The message id part of one of our remote ids.
pub fn message_id_of(remote_id: &str) -> Option<i64> {
    remote_id.rsplit(':').next()?.parse().ok()
}

fn parse<T: serde::de::DeserializeOwned>(update_id: i64, what: &str, v: &Value) -> Option<T> {
    match serde_json::from_value(v.clone()) {
        Ok(m) => Some(m),
        Err(e) => {
            tracing::warn!(update_id, "unreadable Telegram {what} skipped: {e}");
            None
        }
    }
}

/// Turns a getUpdates result into a batch. The cursor is the offset that confirms every update
/// seen here, including ones we skip, so a skipped update is not fetched forever.
pub fn normalize_updates(updates: &[Value], offset: Option<i64>, now_ms: i64) -> InboundBatch {
    let mut events = Vec::new();
    let mut next = offset;
    for update in updates {
        let Some(update_id) = update.get("update_id").and_then(Value::as_i64) else {
            tracing::warn!("Telegram sent an update without update_id; skipped");
            continue;
        };
        next = Some(next.map_or(update_id + 1, |n| n.max(update_id + 1)));
        if let Some(event) = normalize_update(update_id, update, now_ms) {
            events.push(event);
        }
    }
    InboundBatch {
        events,
        cursor: next.map(|n| n.to_string()),
    }
}

fn normalize_update(update_id: i64, update: &Value, now_ms: i64) -> Option<Inbound> {
    for key in ["message", "business_message"] {
        if let Some(v) = update.get(key) {
            let m: Message = parse(update_id, key, v)?;
            return Some(Inbound::Message(normalize_message(m)));
        }
    }
    for key in ["edited_message", "edited_business_message"] {
        if let Some(v) = update.get(key) {
            let m: Message = parse(update_id, key, v)?;
            let edited_at_ms = m.edit_date.unwrap_or(m.date).saturating_mul(1000);
            return Some(Inbound::Edit {
                message: normalize_message(m),
                edited_at_ms,
            });
        }
    }
    if let Some(v) = update.get("deleted_business_messages") {
        let chat_id = v.pointer("/chat/id").and_then(Value::as_i64)?;
        let ids = v.get("message_ids").and_then(Value::as_array)?;
        return Some(Inbound::Delete {
            remote_ids: ids
                .iter()
                .filter_map(Value::as_i64)
                .map(|id| remote_message_id(chat_id, id))
                .collect(),
            deleted_at_ms: now_ms,
        });
    }
    if let Some(v) = update.get("business_connection") {
        let owner: User = parse(update_id, "business_connection.user", v.get("user")?)?;
        // Bot API 9.0 moved can_reply into `rights`; older servers send it at the top level.
        let can_reply = v
            .pointer("/rights/can_reply")
            .or_else(|| v.get("can_reply"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        return Some(Inbound::BusinessConnection(BusinessConnection {
            connection_id: v.get("id")?.as_str()?.to_owned(),
            owner: contact(&owner),
            can_reply,
            is_enabled: v.get("is_enabled").and_then(Value::as_bool).unwrap_or(true),
        }));
    }
    if let Some(v) = update.get("my_chat_member") {
        // In a customer's private chat, the bot's own membership says whether they blocked it
        // ("kicked") or started it again ("member"). In groups it is not about one customer.
        if v.pointer("/chat/type").and_then(Value::as_str) == Some("private") {
            let chat_id = v.pointer("/chat/id").and_then(Value::as_i64)?;
            let blocked = match v
                .pointer("/new_chat_member/status")
                .and_then(Value::as_str)?
            {
                "kicked" => true,
                "member" => false,
                _ => return None,
            };
            return Some(Inbound::Reachability {
                conversation_remote_id: chat_id.to_string(),
                blocked,
                at_ms: v
                    .get("date")
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
                    .saturating_mul(1000),
            });
        }
    }
    tracing::debug!(update_id, "update kind not shown in the inbox");
    None
}

fn contact(u: &User) -> RemoteContact {
    RemoteContact {
        remote_id: u.id.to_string(),
        display_name: u.full_name(),
        username: u.username.clone(),
        phone: None,
        language: u.language_code.clone(),
    }
}

fn conversation(chat: &Chat) -> RemoteConversation {
    let private = chat.kind == "private";
    let title = if private {
        let name = [chat.first_name.as_deref(), chat.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            chat.username.clone().unwrap_or_default()
        } else {
            name
        }
    } else {
        chat.title.clone().unwrap_or_default()
    };
    RemoteConversation {
        remote_id: chat.id.to_string(),
        kind: if private {
            ConversationKind::Private
        } else {
            ConversationKind::Group
        },
        title,
    }
}

/// "Forwarded from …": the Bot API's forward_origin, or the fields older servers send.
fn forwarded_from(rest: &serde_json::Map<String, Value>) -> Option<String> {
    let name_of = |u: &Value| -> Option<String> {
        let first = u.get("first_name")?.as_str()?;
        Some(match u.get("last_name").and_then(Value::as_str) {
            Some(last) => format!("{first} {last}"),
            None => first.to_owned(),
        })
    };
    if let Some(origin) = rest.get("forward_origin") {
        return match origin.get("type").and_then(Value::as_str) {
            Some("user") => origin.get("sender_user").and_then(name_of),
            Some("hidden_user") => origin.get("sender_user_name")?.as_str().map(str::to_owned),
            Some("chat") => origin
                .pointer("/sender_chat/title")?
                .as_str()
                .map(str::to_owned),
            Some("channel") => origin.pointer("/chat/title")?.as_str().map(str::to_owned),
            _ => Some(String::new()),
        };
    }
    rest.get("forward_from")
        .and_then(name_of)
        .or_else(|| rest.get("forward_sender_name")?.as_str().map(str::to_owned))
        .or_else(|| {
            rest.get("forward_from_chat")?
                .get("title")?
                .as_str()
                .map(str::to_owned)
        })
}

fn names(users: &Value) -> String {
    let list = match users {
        Value::Array(a) => a.iter().collect::<Vec<_>>(),
        one => vec![one],
    };
    list.iter()
        .filter_map(|u| serde_json::from_value::<User>((*u).clone()).ok())
        .map(|u| u.full_name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn normalize_message(m: Message) -> InboundMessage {
    let mut text = m.text.clone().or(m.caption.clone()).unwrap_or_default();
    let mut attachments = Vec::new();
    let kind = if m.text.is_some() {
        "text".to_owned()
    } else if let Some(k) = FILE_KINDS.iter().find(|k| m.rest.contains_key(**k)) {
        attachments.extend(file_attachment(k, &m.rest[*k]));
        (*k).to_owned()
    } else if let Some(k) = OTHER_KINDS.iter().find(|k| m.rest.contains_key(**k)) {
        attachments.push(AttachmentMeta {
            kind: (*k).to_owned(),
            meta: Some(details(k, &m.rest[*k]).to_string()),
            ..Default::default()
        });
        (*k).to_owned()
    } else if let Some(joined) = m.rest.get("new_chat_members") {
        text = names(joined);
        "member_joined".to_owned()
    } else if let Some(left) = m.rest.get("left_chat_member") {
        text = names(left);
        "member_left".to_owned()
    } else {
        // Something Telegram added after this version: keep it, visibly, naming the kind.
        let unknown = m
            .rest
            .keys()
            .find(|k| !NOT_CONTENT.contains(&k.as_str()))
            .map_or("unknown", String::as_str);
        format!("unsupported:{unknown}")
    };
    let entities = m
        .rest
        .get("entities")
        .or_else(|| m.rest.get("caption_entities"))
        .map(Value::to_string);
    let business_connection_id = m
        .rest
        .get("business_connection_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    InboundMessage {
        remote_id: remote_message_id(m.chat.id, m.message_id),
        conversation: conversation(&m.chat),
        sender: m.from.as_ref().map(contact),
        direction: Direction::In,
        text,
        kind,
        // Saturating: a nonsense `date` must not panic here; core replaces it where it enters.
        sent_at_ms: m.date.saturating_mul(1000),
        reply_to_remote_id: m
            .reply_to_message
            .map(|r| remote_message_id(m.chat.id, r.message_id)),
        attachments,
        entities,
        forwarded_from: forwarded_from(&m.rest),
        business_connection_id,
    }
}

/// The details worth keeping for a non-file kind (coordinates, a contact card, a venue).
fn details(kind: &str, v: &Value) -> Value {
    match kind {
        "location" => json!({ "latitude": v.get("latitude"), "longitude": v.get("longitude") }),
        "venue" => json!({
            "title": v.get("title"), "address": v.get("address"),
            "latitude": v.pointer("/location/latitude"), "longitude": v.pointer("/location/longitude"),
        }),
        "contact" => json!({
            "phone_number": v.get("phone_number"), "first_name": v.get("first_name"),
            "last_name": v.get("last_name"), "vcard": v.get("vcard"),
            // Set when the card is a Telegram user's: equal to the sender, it is their own
            // number (the only proof of a phone Sportello trusts for merging customers).
            "user_id": v.get("user_id"),
        }),
        _ => v.clone(),
    }
}

/// File metadata of a media message; a photo comes in several sizes and we keep the largest.
fn file_attachment(kind: &str, value: &Value) -> Option<AttachmentMeta> {
    let (file, thumb) = match value {
        // Photos come in several sizes, smallest first: keep the largest, and the smallest as
        // the thumbnail the chat shows before the full photo is opened.
        Value::Array(sizes) => (sizes.last()?, sizes.first().filter(|_| sizes.len() > 1)),
        v => (v, v.get("thumbnail").or_else(|| v.get("thumb"))),
    };
    let thumb_ref = thumb.and_then(|t| t.get("file_id")).and_then(Value::as_str);
    let file_id = file.get("file_id")?.as_str()?;
    let int = |k: &str| file.get(k).and_then(Value::as_i64);
    let text = |k: &str| file.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(AttachmentMeta {
        kind: kind.to_owned(),
        remote_ref: Some(file_id.to_owned()),
        mime_type: text("mime_type"),
        file_name: text("file_name"),
        size_bytes: int("file_size"),
        width: int("width"),
        height: int("height"),
        duration_secs: int("duration"),
        meta: match (text("emoji"), thumb_ref) {
            (None, None) => None,
            (emoji, thumb) => Some(json!({ "emoji": emoji, "thumb": thumb }).to_string()),
        },
    })
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
