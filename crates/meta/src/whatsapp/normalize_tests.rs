//! Tests of the sibling module against the authentic payloads in ../shared/fixtures/whatsapp.

use serde_json::{json, Value};
use sportello_core::inbound::Inbound;
use sportello_core::model::{Direction, MessageStatus};

use super::{delivery, phone_number_ids};

const PHONE: &str = "1122334455667";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/fixtures/whatsapp/{name}",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

fn only_message(name: &str) -> sportello_core::inbound::InboundMessage {
    let events = delivery(&fixture(name), PHONE);
    assert_eq!(events.len(), 1, "{name}: {events:?}");
    match events.into_iter().next().unwrap() {
        Inbound::Message(m) => m,
        other => panic!("{name}: expected a message, got {other:?}"),
    }
}

#[test]
fn a_text_names_its_customer_by_profile() {
    let m = only_message("webhook_message_text.json");
    assert_eq!(m.remote_id, "wamid.xyzxyz");
    assert_eq!(m.text, "Body Text");
    assert_eq!(m.conversation.remote_id, "972987654321");
    assert_eq!(m.conversation.title, "Test Name");
    assert_eq!(m.sent_at_ms, 1_697_043_223_000);
    assert_eq!(m.direction, Direction::In);
}

#[test]
fn media_keep_their_media_id_and_type() {
    for (file, kind) in [
        ("webhook_message_image.json", "photo"),
        ("webhook_message_video.json", "video"),
        ("webhook_message_document.json", "document"),
        ("webhook_message_sticker.json", "sticker"),
        ("webhook_message_audio.json", "audio"),
        ("webhook_message_voice.json", "voice"),
    ] {
        let m = only_message(file);
        assert_eq!(m.kind, kind, "{file}");
        assert_eq!(m.attachments.len(), 1, "{file}");
        assert!(
            m.attachments[0].remote_ref.is_some(),
            "{file}: media id kept for fetching"
        );
        assert!(m.attachments[0].mime_type.is_some(), "{file}");
    }
    let doc = only_message("webhook_message_document.json");
    assert!(doc.attachments[0].file_name.is_some());
}

#[test]
fn places_contacts_and_taps_become_readable_messages() {
    let loc = only_message("webhook_message_location.json");
    assert_eq!(loc.kind, "location");
    let meta: Value = serde_json::from_str(loc.attachments[0].meta.as_deref().unwrap()).unwrap();
    assert_eq!(meta["latitude"], json!(12.25089));
    assert_eq!(
        loc.forwarded_from.as_deref(),
        Some(""),
        "forwarded, from nobody named"
    );

    let contacts = only_message("webhook_message_contacts.json");
    assert_eq!(contacts.kind, "contact");
    assert_eq!(contacts.attachments.len(), 3);

    let button = only_message("webhook_interactive_button_reply.json");
    assert_eq!(button.kind, "button_reply");
    assert!(!button.text.is_empty());

    let list = only_message("webhook_interactive_list_reply.json");
    assert_eq!(list.kind, "list_reply");
    assert_eq!(list.text, "title\ndescription");
    assert_eq!(list.reply_to_remote_id.as_deref(), Some("wamid.xyzxyz"));

    let quick = only_message("webhook_button_template_quick_reply.json");
    assert_eq!(quick.kind, "button_reply");
    assert_eq!(quick.text, "title");
}

#[test]
fn replies_point_at_their_message() {
    let m = only_message("webhook_message_reply_context.json");
    assert!(m.reply_to_remote_id.is_some());
}

#[test]
fn unsupported_and_unknown_types_stay_visible() {
    assert_eq!(
        only_message("webhook_message_unsupported.json").kind,
        "unsupported:unknown"
    );
    assert_eq!(
        only_message("webhook_message_unsupported_with_type.json").kind,
        "unsupported:pool"
    );
    let mut future = fixture("webhook_message_text.json");
    future["entry"][0]["changes"][0]["value"]["messages"][0]["type"] = json!("hologram");
    match &delivery(&future, PHONE)[0] {
        Inbound::Message(m) => assert_eq!(m.kind, "unsupported:hologram"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_reaction_attaches_to_the_message_it_reacts_to() {
    match &delivery(&fixture("webhook_message_reaction.json"), PHONE)[..] {
        [Inbound::Reaction(r)] => {
            assert_eq!(r.message_remote_id, "wamid.yzxyzx=");
            assert_eq!(r.emoji, "😮");
            assert_eq!(r.reactor.as_deref(), Some("972987654321"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn statuses_carry_the_error_title_and_details() {
    for (file, status) in [
        ("webhook_status_sent.json", MessageStatus::Sent),
        ("webhook_status_delivered.json", MessageStatus::Delivered),
        ("webhook_status_read.json", MessageStatus::Read),
        ("webhook_status_failed.json", MessageStatus::Failed),
    ] {
        match &delivery(&fixture(file), PHONE)[..] {
            [Inbound::Status(s)] => {
                assert_eq!(s.status, status, "{file}");
                assert_eq!(s.remote_id, "wamid.xyzxyz", "{file}");
                if status == MessageStatus::Failed {
                    assert_eq!(
                        s.error.as_deref(),
                        Some("User's number is part of an experiment: Failed to send message because this user's phone number is part of an experiment")
                    );
                }
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn deliveries_for_another_number_are_not_ours() {
    assert!(delivery(&fixture("webhook_message_text.json"), "999").is_empty());
    assert_eq!(
        phone_number_ids(&fixture("webhook_message_text.json")),
        [PHONE]
    );
}

#[test]
fn malformed_or_partial_payloads_never_fail() {
    for body in [
        json!(null),
        json!({}),
        json!({"entry": "x"}),
        json!({"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": PHONE}, "messages": [{"type": "text"}]}}]}]}),
        json!({"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": PHONE}, "messages": [{"id": "w1", "from": "39", "type": "image"}]}}]}]}),
        json!({"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": PHONE}, "statuses": [{"id": "w1", "status": "warning"}]}}]}]}),
    ] {
        let _ = delivery(&body, PHONE);
    }
}

fn coexistence(field: &str, value: Value) -> Value {
    let mut value = value;
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({ "display_phone_number": "39021234567", "phone_number_id": PHONE });
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "WABA", "changes": [{ "field": field, "value": value }] }]
    })
}

#[test]
fn the_owners_phone_messages_are_the_shops_own() {
    let body = coexistence(
        "smb_message_echoes",
        json!({ "message_echoes": [{
            "from": "39021234567", "to": "393331234567", "id": "wamid.echo1",
            "timestamp": "1700000000", "type": "text", "text": { "body": "Arrivo alle 5" }
        }]}),
    );
    match &delivery(&body, PHONE)[..] {
        [Inbound::Message(m)] => {
            assert_eq!(m.direction, Direction::Out);
            assert_eq!(m.conversation.remote_id, "393331234567");
            assert!(m.sender.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn history_is_backfilled_into_each_customers_chat() {
    let body = coexistence(
        "history",
        json!({ "history": [{
            "metadata": { "phase": 0, "chunk_order": 1, "progress": 100 },
            "threads": [{ "id": "393331234567", "messages": [
                { "from": "393331234567", "id": "wamid.h1", "timestamp": "1690000000", "type": "text",
                  "text": { "body": "Avete il pane senza glutine?" }, "history_context": { "status": "READ" } },
                { "from": "39021234567", "to": "393331234567", "id": "wamid.h2", "timestamp": "1690000060",
                  "type": "text", "text": { "body": "Sì, il martedì" }, "history_context": { "status": "DELIVERED" } }
            ]}]
        }]}),
    );
    let events = delivery(&body, PHONE);
    let directions: Vec<Direction> = events
        .iter()
        .map(|e| match e {
            Inbound::Backfill(m) => m.direction,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(directions, [Direction::In, Direction::Out]);
}

#[test]
fn the_owners_contacts_rename_customers() {
    let body = coexistence(
        "smb_app_state_sync",
        json!({ "state_sync": [
            { "type": "contact", "contact": { "full_name": "Marco Rossi", "first_name": "Marco", "phone_number": "+39 333 123 4567" },
              "action": "add", "metadata": { "timestamp": "1700000000" } },
            { "type": "contact", "contact": { "phone_number": "39333" }, "action": "remove" }
        ]}),
    );
    match &delivery(&body, PHONE)[..] {
        [Inbound::ContactName(c)] => {
            assert_eq!(c.remote_id, "393331234567");
            assert_eq!(c.display_name, "Marco Rossi");
        }
        other => panic!("{other:?}"),
    }
}
