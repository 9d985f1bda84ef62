//! Telegram updates → core's normalized inbound events.

use serde_json::Value;
use sportello_core::inbound::{
    AttachmentMeta, ConversationKind, Inbound, InboundBatch, InboundMessage, RemoteContact,
    RemoteConversation,
};
use sportello_core::model::Direction;

use crate::types::{Chat, Message};

/// Message kinds we recognise, in the order Telegram documents them. A message with none of
/// these and no text is stored as "unsupported", visibly.
const MEDIA_KINDS: &[&str] = &[
    "animation",
    "audio",
    "document",
    "photo",
    "sticker",
    "story",
    "video",
    "video_note",
    "voice",
    "contact",
    "dice",
    "game",
    "poll",
    "venue",
    "location",
    "invoice",
    "new_chat_members",
    "left_chat_member",
    "pinned_message",
];

/// Telegram message ids are unique only within a chat, so the remote id carries both.
pub fn remote_message_id(chat_id: i64, message_id: i64) -> String {
    format!("{chat_id}:{message_id}")
}

/// The message id part of one of our remote ids.
pub fn message_id_of(remote_id: &str) -> Option<i64> {
    remote_id.rsplit(':').next()?.parse().ok()
}

/// Turns a getUpdates result into a batch. The cursor is the offset that confirms every update
/// seen here, including ones we skip, so a skipped update is not fetched forever.
pub fn normalize_updates(updates: &[Value], offset: Option<i64>) -> InboundBatch {
    let mut events = Vec::new();
    let mut next = offset;
    for update in updates {
        let Some(update_id) = update.get("update_id").and_then(Value::as_i64) else {
            tracing::warn!("Telegram sent an update without update_id; skipped");
            continue;
        };
        next = Some(next.map_or(update_id + 1, |n| n.max(update_id + 1)));
        let message = update
            .get("message")
            .or_else(|| update.get("business_message"));
        let Some(message) = message else {
            tracing::debug!(update_id, "update kind not handled yet");
            continue;
        };
        match serde_json::from_value::<Message>(message.clone()) {
            Ok(m) => events.push(Inbound::Message(normalize_message(m))),
            Err(e) => tracing::warn!(update_id, "unreadable Telegram message skipped: {e}"),
        }
    }
    InboundBatch {
        events,
        cursor: next.map(|n| n.to_string()),
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

fn normalize_message(m: Message) -> InboundMessage {
    let kind = if m.text.is_some() {
        "text".to_owned()
    } else {
        MEDIA_KINDS
            .iter()
            .find(|k| m.rest.contains_key(**k))
            .map(|k| (*k).to_owned())
            .unwrap_or_else(|| "unsupported".to_owned())
    };
    let attachments = m
        .rest
        .get(&kind)
        .and_then(|v| attachment(&kind, v))
        .into_iter()
        .collect();
    InboundMessage {
        remote_id: remote_message_id(m.chat.id, m.message_id),
        conversation: conversation(&m.chat),
        sender: m.from.as_ref().map(|u| RemoteContact {
            remote_id: u.id.to_string(),
            display_name: u.full_name(),
            username: u.username.clone(),
            phone: None,
        }),
        direction: Direction::In,
        text: m.text.or(m.caption).unwrap_or_default(),
        kind,
        sent_at_ms: m.date * 1000,
        reply_to_remote_id: m
            .reply_to_message
            .map(|r| remote_message_id(m.chat.id, r.message_id)),
        attachments,
    }
}

/// File metadata of a media message; a photo comes in several sizes and we keep the largest.
fn attachment(kind: &str, value: &Value) -> Option<AttachmentMeta> {
    let file = match value {
        Value::Array(sizes) => sizes.last()?,
        v => v,
    };
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixtures() -> Vec<(String, Value)> {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/telegram");
        let mut out: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("update_")
            })
            .map(|p| {
                let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), v)
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(out.len() >= 10, "the shared Telegram fixtures are missing");
        out
    }

    fn message(batch: &InboundBatch) -> &InboundMessage {
        match &batch.events[..] {
            [Inbound::Message(m)] => m,
            other => panic!("expected one message, got {other:?}"),
        }
    }

    #[test]
    fn every_fixture_is_accepted_and_confirmed() {
        for (name, update) in fixtures() {
            let id = update["update_id"].as_i64().unwrap();
            let batch = normalize_updates(std::slice::from_ref(&update), None);
            assert_eq!(
                batch.cursor,
                Some((id + 1).to_string()),
                "{name}: must be confirmed"
            );
            let has_message = update
                .get("message")
                .or(update.get("business_message"))
                .is_some();
            assert_eq!(batch.events.len(), usize::from(has_message), "{name}");
        }
    }

    #[test]
    fn text_message_in_a_private_chat() {
        let (_, u) = fixtures()
            .into_iter()
            .find(|(n, _)| n == "update_message_text_private.json")
            .unwrap();
        let b = normalize_updates(&[u], None);
        let m = message(&b);
        assert_eq!(m.remote_id, "12345678:123456");
        assert_eq!(m.text, "aaaaaaaaaa");
        assert_eq!(m.kind, "text");
        assert_eq!(m.conversation.title, "Mario Bros");
        assert_eq!(m.conversation.kind, ConversationKind::Private);
        assert_eq!(
            m.sender.as_ref().unwrap().username.as_deref(),
            Some("MarioLovesPeach")
        );
        assert_eq!(m.sent_at_ms, 1_631_818_904_000);
    }

    #[test]
    fn photo_keeps_caption_and_largest_size() {
        let (_, u) = fixtures()
            .into_iter()
            .find(|(n, _)| n == "update_photo.json")
            .unwrap();
        let b = normalize_updates(&[u], None);
        let m = message(&b);
        assert_eq!(m.kind, "photo");
        assert_eq!(m.text, "asdasdasdasdasdasd");
        assert_eq!(m.attachments[0].remote_ref.as_deref(), Some("SEES"));
    }

    #[test]
    fn business_message_without_connection_id_is_still_a_message() {
        let (_, u) = fixtures()
            .into_iter()
            .find(|(n, _)| n == "update_business_message.json")
            .unwrap();
        let b = normalize_updates(&[u], None);
        assert_eq!(message(&b).text, "Ciao");
    }

    #[test]
    fn unknown_kinds_and_garbage_do_not_stop_the_batch() {
        let updates = vec![
            serde_json::json!({"update_id": 5, "message": {"message_id": 1, "chat": {"id": 9, "type": "private"}, "date": 1, "brand_new_kind": {}}}),
            serde_json::json!({"update_id": 6, "message": "not an object"}),
            serde_json::json!({"no_id": true}),
            serde_json::json!({"update_id": 7, "message": {"message_id": 2, "chat": {"id": 9, "type": "private"}, "date": 2, "text": "<script>alert(1)</script>"}}),
        ];
        let b = normalize_updates(&updates, Some(5));
        assert_eq!(b.cursor.as_deref(), Some("8"));
        let kinds: Vec<_> = b
            .events
            .iter()
            .map(|Inbound::Message(m)| m.kind.as_str())
            .collect();
        assert_eq!(kinds, ["unsupported", "text"]);
    }
}
