//! Tests of the sibling module on payload shapes the shared fixtures do not cover.

use serde_json::json;
use sportello_core::inbound::Inbound;

use super::delivery;

fn event(messaging: serde_json::Value) -> serde_json::Value {
    json!({ "object": "page", "entry": [{ "id": "P", "time": 1, "messaging": [messaging] }] })
}

#[test]
fn reactions_and_their_removal() {
    let react = event(
        json!({ "sender": { "id": "U" }, "recipient": { "id": "P" }, "timestamp": 5,
        "reaction": { "reaction": "love", "emoji": "❤", "action": "react", "mid": "m_1" } }),
    );
    let unreact = event(
        json!({ "sender": { "id": "U" }, "recipient": { "id": "P" }, "timestamp": 6,
        "reaction": { "reaction": "love", "action": "unreact", "mid": "m_1" } }),
    );
    match (&delivery(&react, "P")[..], &delivery(&unreact, "P")[..]) {
        ([Inbound::Reaction(a)], [Inbound::Reaction(b)]) => {
            assert_eq!(
                (a.emoji.as_str(), a.message_remote_id.as_str()),
                ("❤", "m_1")
            );
            assert_eq!(b.emoji, "", "taken back");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_attachments_stay_visible_and_other_pages_are_not_ours() {
    let body = event(
        json!({ "sender": { "id": "U" }, "recipient": { "id": "P" }, "timestamp": 5,
        "message": { "mid": "m_2", "attachments": [{ "type": "hologram", "payload": {} }] } }),
    );
    match &delivery(&body, "P")[..] {
        [Inbound::Message(m)] => assert_eq!(m.kind, "unsupported:hologram"),
        other => panic!("{other:?}"),
    }
    assert!(delivery(&body, "another page").is_empty());
    for odd in [
        json!(null),
        json!({"entry": 3}),
        event(json!({"message": {}})),
        event(json!("x")),
    ] {
        let _ = delivery(&odd, "P");
    }
}
