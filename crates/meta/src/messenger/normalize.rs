//! Messenger webhook payloads (`"object": "page"`) → core's [`Inbound`] events, for one Page.
//! Lenient: unknown event types are skipped (they are not messages), unknown attachment types
//! stay visible as placeholders, missing fields never fail a delivery.
//! <https://developers.facebook.com/docs/messenger-platform/webhooks>

use serde_json::{json, Value};
use sportello_core::inbound::{
    AttachmentMeta, ConversationKind, DeliveryStatus, Inbound, InboundMessage, Reaction,
    RemoteContact, RemoteConversation,
};
use sportello_core::model::{Direction, MessageStatus};

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter())
        .into_iter()
        .flatten()
}

fn text_of(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The Page ids a delivery names, to route it before it is stored.
pub fn page_ids(body: &Value) -> Vec<String> {
    array(body, "entry")
        .filter_map(|e| text_of(e, "/id"))
        .collect()
}

/// A customer of the Page, named by their page-scoped id until the profile says more.
pub fn customer(psid: &str, name: Option<String>) -> (RemoteConversation, RemoteContact) {
    let display_name = name.unwrap_or_default();
    (
        RemoteConversation {
            remote_id: psid.to_owned(),
            kind: ConversationKind::Private,
            title: display_name.clone(),
        },
        RemoteContact {
            remote_id: psid.to_owned(),
            display_name,
            username: None,
            phone: None,
            language: None,
        },
    )
}

/// Everything in one delivery that concerns the Page `page_id`, in delivery order.
pub fn delivery(body: &Value, page_id: &str) -> Vec<Inbound> {
    let mut events = Vec::new();
    for entry in array(body, "entry") {
        if text_of(entry, "/id").as_deref() != Some(page_id) {
            continue;
        }
        for event in array(entry, "messaging") {
            messaging_event(event, page_id, &mut events);
        }
    }
    events
}

fn messaging_event(event: &Value, page_id: &str, events: &mut Vec<Inbound>) {
    let sender = text_of(event, "/sender/id").unwrap_or_default();
    let recipient = text_of(event, "/recipient/id").unwrap_or_default();
    let at_ms = event.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
    if let Some(message) = event.get("message") {
        let echo =
            message.get("is_echo").and_then(Value::as_bool) == Some(true) || sender == page_id;
        let (customer_id, direction) = if echo {
            (recipient, Direction::Out)
        } else {
            (sender, Direction::In)
        };
        if let Some(m) = webhook_message(message, &customer_id, direction, at_ms) {
            events.push(Inbound::Message(m));
        }
    } else if let Some(postback) = event.get("postback") {
        // The button the customer pressed, shown as what they said.
        let title = text_of(postback, "/title")
            .or_else(|| text_of(postback, "/payload"))
            .unwrap_or_default();
        let (conversation, contact) = customer(&sender, None);
        let referral = postback.get("referral").map(|r| r.to_string());
        events.push(Inbound::Message(InboundMessage {
            // Older postbacks carry no mid: the sender and second identify a tap.
            remote_id: text_of(postback, "/mid")
                .unwrap_or_else(|| format!("postback:{sender}:{at_ms}")),
            conversation,
            sender: Some(contact),
            direction: Direction::In,
            kind: "postback".into(),
            text: title,
            sent_at_ms: at_ms,
            reply_to_remote_id: None,
            attachments: referral
                .map(|r| AttachmentMeta {
                    kind: "referral".into(),
                    meta: Some(r),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
            entities: None,
            forwarded_from: None,
            business_connection_id: None,
        }));
    } else if let Some(referral) = event.get("referral") {
        // Where the customer came from (an ad, an m.me link): kept in their chat.
        let (conversation, contact) = customer(&sender, None);
        let source = text_of(referral, "/source").unwrap_or_default();
        let reference = text_of(referral, "/ref").unwrap_or_default();
        events.push(Inbound::Backfill(InboundMessage {
            remote_id: format!("referral:{sender}:{at_ms}"),
            conversation,
            sender: Some(contact),
            direction: Direction::In,
            kind: "referral".into(),
            text: [source, reference]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
            sent_at_ms: at_ms,
            reply_to_remote_id: None,
            attachments: vec![AttachmentMeta {
                kind: "referral".into(),
                meta: Some(referral.to_string()),
                ..Default::default()
            }],
            entities: None,
            forwarded_from: None,
            business_connection_id: None,
        }));
    } else if let Some(delivery) = event.get("delivery") {
        // Delivery reports come from the customer's side: the conversation is the sender.
        for mid in array(delivery, "mids").filter_map(Value::as_str) {
            events.push(Inbound::Status(DeliveryStatus {
                remote_id: mid.to_owned(),
                status: MessageStatus::Delivered,
                error: None,
                closes_reply_window: false,
                platform_code: None,
                at_ms,
            }));
        }
        if let Some(watermark) = delivery.get("watermark").and_then(Value::as_i64) {
            events.push(Inbound::Watermark {
                conversation_remote_id: sender,
                status: MessageStatus::Delivered,
                up_to_ms: watermark,
            });
        }
    } else if let Some(read) = event.get("read") {
        if let Some(watermark) = read.get("watermark").and_then(Value::as_i64) {
            events.push(Inbound::Watermark {
                conversation_remote_id: sender,
                status: MessageStatus::Read,
                up_to_ms: watermark,
            });
        }
    } else if let Some(reaction) = event.get("reaction") {
        if let Some(mid) = text_of(reaction, "/mid") {
            let removed = text_of(reaction, "/action").as_deref() == Some("unreact");
            events.push(Inbound::Reaction(Reaction {
                message_remote_id: mid,
                reactor: Some(sender),
                emoji: if removed {
                    String::new()
                } else {
                    text_of(reaction, "/emoji").unwrap_or_else(|| "👍".into())
                },
                at_ms,
            }));
        }
    } else {
        let kind = event
            .as_object()
            .and_then(|o| {
                o.keys().find(|k| {
                    !["sender", "recipient", "timestamp", "prior_message"].contains(&k.as_str())
                })
            })
            .map_or("?", String::as_str);
        tracing::debug!(kind, "Messenger event type not used");
    }
}

/// A `message` object of a webhook event.
fn webhook_message(
    message: &Value,
    customer_id: &str,
    direction: Direction,
    at_ms: i64,
) -> Option<InboundMessage> {
    let mid = text_of(message, "/mid")?;
    let mut text = text_of(message, "/text").unwrap_or_default();
    let mut attachments = Vec::new();
    let mut kind = "text".to_owned();
    for a in array(message, "attachments") {
        let wa_type = text_of(a, "/type").unwrap_or_else(|| "unknown".into());
        let payload = a.get("payload").cloned().unwrap_or(Value::Null);
        let attachment = match wa_type.as_str() {
            "image" if payload.get("sticker_id").is_some() => media("sticker", &payload),
            "image" => media("photo", &payload),
            "video" => media("video", &payload),
            "audio" => media("audio", &payload),
            "file" => media("document", &payload),
            "location" => AttachmentMeta {
                kind: "location".into(),
                meta: Some(
                    json!({
                        "latitude": payload.pointer("/coordinates/lat"),
                        "longitude": payload.pointer("/coordinates/long"),
                        "title": a.get("title"),
                    })
                    .to_string(),
                ),
                ..Default::default()
            },
            // A shared link: its title and address.
            "fallback" => AttachmentMeta {
                kind: "link".into(),
                meta: Some(
                    json!({
                        "title": a.get("title"),
                        "url": a.get("URL").or_else(|| a.get("url")).or_else(|| payload.get("url")),
                    })
                    .to_string(),
                ),
                ..Default::default()
            },
            "template" => {
                if text.is_empty() {
                    text = text_of(a, "/title").unwrap_or_default();
                }
                AttachmentMeta {
                    kind: "template".into(),
                    meta: Some(payload.to_string()),
                    ..Default::default()
                }
            }
            other => AttachmentMeta {
                kind: format!("unsupported:{other}"),
                meta: Some(payload.to_string()),
                ..Default::default()
            },
        };
        if kind == "text" {
            kind = attachment.kind.clone();
        }
        attachments.push(attachment);
    }
    if message.get("quick_reply").is_some() {
        kind = "quick_reply".into();
    }
    let (conversation, contact) = customer(customer_id, None);
    Some(InboundMessage {
        remote_id: mid,
        conversation,
        sender: (direction == Direction::In).then_some(contact),
        direction,
        kind,
        text,
        sent_at_ms: at_ms,
        reply_to_remote_id: text_of(message, "/reply_to/mid"),
        attachments,
        entities: None,
        forwarded_from: None,
        business_connection_id: None,
    })
}

fn media(kind: &str, payload: &Value) -> AttachmentMeta {
    AttachmentMeta {
        kind: kind.into(),
        // The CDN link Messenger gives expires: fetched soon after arrival.
        remote_ref: text_of(payload, "/url"),
        ..Default::default()
    }
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
