//! WhatsApp webhook payloads → core's [`Inbound`] events, for one phone number. Lenient by
//! design: missing optional fields, unknown message types and unknown fields never fail a
//! delivery; what cannot be shown becomes a visible "unsupported" placeholder.
//! <https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components>

use serde_json::{json, Value};
use sportello_core::inbound::{
    AttachmentMeta, ConversationKind, DeliveryStatus, Inbound, InboundMessage, Reaction,
    RemoteContact, RemoteConversation,
};
use sportello_core::model::{Direction, MessageStatus};

/// Media kinds as WhatsApp names them, and as Sportello's chat shows them.
fn media_kind(wa_type: &str, value: &Value) -> Option<&'static str> {
    Some(match wa_type {
        "image" => "photo",
        "video" => "video",
        "document" => "document",
        "sticker" => "sticker",
        "audio" if value.get("voice").and_then(Value::as_bool) == Some(true) => "voice",
        "audio" => "audio",
        _ => return None,
    })
}

/// Everything in one delivery (`{"object": "whatsapp_business_account", "entry": [...]}`)
/// that concerns the phone number `phone_number_id`, in delivery order.
pub fn delivery(body: &Value, phone_number_id: &str) -> Vec<Inbound> {
    let mut events = Vec::new();
    for change in changes(body) {
        let Some(value) = change.get("value") else {
            continue;
        };
        if phone_id_of(value) != Some(phone_number_id) {
            continue;
        }
        let field = change
            .get("field")
            .and_then(Value::as_str)
            .unwrap_or("messages");
        match field {
            "messages" => messages_change(value, &mut events),
            "smb_message_echoes" => echoes_change(value, &mut events),
            "history" => history_change(value, &mut events),
            "smb_app_state_sync" => contacts_change(value, &mut events),
            "user_preferences" => preferences_change(value, &mut events),
            other => tracing::debug!(field = other, "WhatsApp webhook field not used"),
        }
    }
    events
}

/// The phone number ids a delivery names, to route it before it is stored.
pub fn phone_number_ids(body: &Value) -> Vec<String> {
    let mut ids: Vec<String> = changes(body)
        .filter_map(|c| c.get("value").and_then(phone_id_of))
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn changes(body: &Value) -> impl Iterator<Item = &Value> {
    array(body, "entry").flat_map(|entry| array(entry, "changes"))
}

fn phone_id_of(value: &Value) -> Option<&str> {
    value.pointer("/metadata/phone_number_id").and_then(as_id)
}

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter())
        .into_iter()
        .flatten()
}

/// Ids come as strings, but be lenient with numbers.
fn as_id(v: &Value) -> Option<&str> {
    v.as_str()
}

fn text_of(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// WhatsApp timestamps are Unix seconds, as a string.
fn timestamp_ms(v: &Value) -> i64 {
    let secs = match v.get("timestamp") {
        Some(Value::String(s)) => s.trim().parse::<i64>().unwrap_or(0),
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    };
    secs.saturating_mul(1000)
}

/// Customers' profile names in a `messages` change, by wa_id.
fn profile_name(value: &Value, wa_id: &str) -> Option<String> {
    array(value, "contacts")
        .find(|c| c.get("wa_id").and_then(Value::as_str) == Some(wa_id))
        .and_then(|c| text_of(c, "/profile/name"))
        .filter(|n| !n.trim().is_empty())
}

fn customer(wa_id: &str, name: Option<String>) -> (RemoteConversation, RemoteContact) {
    let display_name = name.unwrap_or_else(|| format!("+{wa_id}"));
    (
        RemoteConversation {
            remote_id: wa_id.to_owned(),
            kind: ConversationKind::Private,
            title: display_name.clone(),
        },
        RemoteContact {
            remote_id: wa_id.to_owned(),
            display_name,
            username: None,
            phone: Some(format!("+{wa_id}")),
            language: None,
        },
    )
}

fn messages_change(value: &Value, events: &mut Vec<Inbound>) {
    for m in array(value, "messages") {
        let Some(from) = m.get("from").and_then(as_id) else {
            continue;
        };
        let name = profile_name(value, from);
        if let Some(event) = customer_message(m, from, name, Direction::In) {
            events.push(event);
        }
    }
    for s in array(value, "statuses") {
        if let Some(status) = status(s) {
            events.push(Inbound::Status(status));
        }
    }
}

/// Messages the shop owner sent from the WhatsApp Business app on their phone.
fn echoes_change(value: &Value, events: &mut Vec<Inbound>) {
    for m in array(value, "message_echoes") {
        let Some(to) = m.get("to").and_then(as_id) else {
            continue;
        };
        if let Some(event) = customer_message(m, to, None, Direction::Out) {
            events.push(event);
        }
    }
}

/// The one-time backfill of the phone's chat history: threads of messages, each thread one
/// customer. Messages from the business number are the shop's own. A media message of the last
/// 14 days first comes as a `media_placeholder` in its thread; its content (media id, caption)
/// follows in a later `history` delivery whose value carries `messages[]`, and completes it.
fn history_change(value: &Value, events: &mut Vec<Inbound>) {
    let business = text_of(value, "/metadata/display_phone_number").map(|n| digits(&n));
    for m in array(value, "messages") {
        let from = m.get("from").and_then(as_id).map(digits);
        let (customer_id, direction) = match (&from, &business) {
            (Some(f), Some(b)) if f == b => match m.get("to").and_then(as_id) {
                Some(to) => (digits(to), Direction::Out),
                None => continue,
            },
            (Some(f), _) => (f.clone(), Direction::In),
            (None, _) => continue,
        };
        if let Some(Inbound::Message(message)) = customer_message(m, &customer_id, None, direction)
        {
            events.push(Inbound::Completed(message));
        }
    }
    for chunk in array(value, "history") {
        for thread in array(chunk, "threads") {
            let Some(customer_id) = thread.get("id").and_then(as_id) else {
                continue;
            };
            for m in array(thread, "messages") {
                let from = m.get("from").and_then(as_id).map(digits);
                let direction = if from.as_deref() == Some(customer_id) {
                    Direction::In
                } else {
                    Direction::Out
                };
                if let Some(Inbound::Message(message)) =
                    customer_message(m, customer_id, None, direction)
                {
                    events.push(Inbound::Backfill(message));
                }
            }
        }
    }
}

/// The shop owner's phone book, as the WhatsApp Business app syncs it.
fn contacts_change(value: &Value, events: &mut Vec<Inbound>) {
    for item in array(value, "state_sync") {
        if item.get("type").and_then(Value::as_str) != Some("contact") {
            continue;
        }
        if item.get("action").and_then(Value::as_str) == Some("remove") {
            continue;
        }
        let Some(contact) = item.get("contact") else {
            continue;
        };
        let Some(phone) = text_of(contact, "/phone_number").map(|p| digits(&p)) else {
            continue;
        };
        let name = text_of(contact, "/full_name")
            .or_else(|| text_of(contact, "/first_name"))
            .unwrap_or_default();
        if phone.is_empty() || name.trim().is_empty() {
            continue;
        }
        events.push(Inbound::ContactName(RemoteContact {
            remote_id: phone.clone(),
            display_name: name,
            username: None,
            phone: Some(format!("+{phone}")),
            language: None,
        }));
    }
}

/// A customer stopped or resumed marketing messages in WhatsApp itself.
fn preferences_change(value: &Value, events: &mut Vec<Inbound>) {
    for p in array(value, "user_preferences") {
        if text_of(p, "/category").as_deref() != Some("marketing_messages") {
            continue;
        }
        let Some(wa_id) = text_of(p, "/wa_id") else {
            continue;
        };
        let stop = match text_of(p, "/value")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            Some("stop") => true,
            Some("resume") => false,
            _ => continue,
        };
        events.push(Inbound::MarketingPreference {
            customer_remote_id: wa_id,
            stop,
            at_ms: timestamp_ms(p),
        });
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// One message in a chat with customer `customer_id`, whichever way it goes.
fn customer_message(
    m: &Value,
    customer_id: &str,
    name: Option<String>,
    direction: Direction,
) -> Option<Inbound> {
    let remote_id = m.get("id").and_then(as_id)?.to_owned();
    let sent_at_ms = timestamp_ms(m);
    let wa_type = m.get("type").and_then(Value::as_str).unwrap_or("unknown");
    let (conversation, contact) = customer(customer_id, name);

    if wa_type == "reaction" {
        let target = text_of(m, "/reaction/message_id")?;
        return Some(Inbound::Reaction(Reaction {
            message_remote_id: target,
            reactor: (direction == Direction::In).then(|| customer_id.to_owned()),
            // No emoji means the reaction was taken back.
            emoji: text_of(m, "/reaction/emoji").unwrap_or_default(),
            at_ms: sent_at_ms,
        }));
    }

    let mut attachments = Vec::new();
    let (kind, text) = match wa_type {
        "text" => (
            "text".to_owned(),
            text_of(m, "/text/body").unwrap_or_default(),
        ),
        t if media_kind(t, m.get(t).unwrap_or(&Value::Null)).is_some() => {
            let media = m.get(t).cloned().unwrap_or(Value::Null);
            let kind = media_kind(t, &media).unwrap_or("document");
            attachments.push(AttachmentMeta {
                kind: kind.to_owned(),
                remote_ref: text_of(&media, "/id"),
                mime_type: text_of(&media, "/mime_type"),
                file_name: text_of(&media, "/filename"),
                meta: media
                    .get("animated")
                    .map(|a| json!({ "animated": a }).to_string()),
                ..Default::default()
            });
            (
                kind.to_owned(),
                text_of(&media, "/caption").unwrap_or_default(),
            )
        }
        "location" => {
            let l = m.get("location").cloned().unwrap_or(Value::Null);
            attachments.push(AttachmentMeta {
                kind: "location".into(),
                meta: Some(
                    json!({
                        "latitude": l.get("latitude"), "longitude": l.get("longitude"),
                        "title": l.get("name"), "address": l.get("address"), "url": l.get("url"),
                    })
                    .to_string(),
                ),
                ..Default::default()
            });
            ("location".into(), String::new())
        }
        "contacts" => {
            for c in array(m, "contacts") {
                let phone = array(c, "phones")
                    .find_map(|p| text_of(p, "/phone").or_else(|| text_of(p, "/wa_id")));
                attachments.push(AttachmentMeta {
                    kind: "contact".into(),
                    meta: Some(
                        json!({
                            "first_name": text_of(c, "/name/formatted_name")
                                .or_else(|| text_of(c, "/name/first_name")),
                            "last_name": Value::Null,
                            "phone_number": phone,
                            "card": c,
                        })
                        .to_string(),
                    ),
                    ..Default::default()
                });
            }
            ("contact".into(), String::new())
        }
        "interactive" => {
            let i = m.get("interactive").cloned().unwrap_or(Value::Null);
            let reply_type = i.get("type").and_then(Value::as_str).unwrap_or("");
            let reply = i.get(reply_type).cloned().unwrap_or(Value::Null);
            let title = text_of(&reply, "/title").unwrap_or_default();
            let text = match text_of(&reply, "/description") {
                Some(d) if !d.is_empty() => format!("{title}\n{d}"),
                _ => title,
            };
            match reply_type {
                "button_reply" | "list_reply" => (reply_type.to_owned(), text),
                other => (format!("unsupported:interactive_{other}"), text),
            }
        }
        // A tap on a template's quick-reply button.
        "button" => (
            "button_reply".into(),
            text_of(m, "/button/text")
                .or_else(|| text_of(m, "/button/payload"))
                .unwrap_or_default(),
        ),
        "system" => (
            "system".into(),
            text_of(m, "/system/body").unwrap_or_default(),
        ),
        "unsupported" => {
            let inner = text_of(m, "/unsupported/type").unwrap_or_else(|| "unknown".into());
            (format!("unsupported:{inner}"), String::new())
        }
        other => (format!("unsupported:{other}"), String::new()),
    };

    let forwarded = m.pointer("/context/forwarded").and_then(Value::as_bool) == Some(true)
        || m.pointer("/context/frequently_forwarded")
            .and_then(Value::as_bool)
            == Some(true);
    Some(Inbound::Message(InboundMessage {
        remote_id,
        conversation,
        sender: (direction == Direction::In).then_some(contact),
        direction,
        kind,
        text,
        sent_at_ms,
        reply_to_remote_id: text_of(m, "/context/id"),
        attachments,
        entities: None,
        // WhatsApp says only that a message was forwarded, never from whom.
        forwarded_from: forwarded.then(String::new),
        business_connection_id: None,
    }))
}

fn status(s: &Value) -> Option<DeliveryStatus> {
    let remote_id = s.get("id").and_then(as_id)?.to_owned();
    let status = match s.get("status").and_then(Value::as_str)? {
        "sent" => MessageStatus::Sent,
        "delivered" => MessageStatus::Delivered,
        "read" | "played" => MessageStatus::Read,
        "failed" => MessageStatus::Failed,
        _ => return None,
    };
    let closes_reply_window =
        array(s, "errors").any(|e| e.get("code").and_then(Value::as_i64) == Some(131047));
    let error = (status == MessageStatus::Failed).then(|| {
        array(s, "errors")
            .map(|e| {
                let title = text_of(e, "/title")
                    .or_else(|| text_of(e, "/message"))
                    .unwrap_or_else(|| "Not delivered".into());
                match text_of(e, "/error_data/details") {
                    Some(d) if d != title => format!("{title}: {d}"),
                    _ => title,
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    Some(DeliveryStatus {
        remote_id,
        status,
        error: error.map(|e| {
            if e.is_empty() {
                "WhatsApp could not deliver the message".into()
            } else {
                e
            }
        }),
        closes_reply_window,
        platform_code: array(s, "errors")
            .filter_map(|e| e.get("code"))
            .find_map(|c| match c {
                Value::Number(n) => Some(n.to_string()),
                Value::String(s) => Some(s.clone()),
                _ => None,
            }),
        at_ms: timestamp_ms(s),
    })
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
