//! Tests of the sibling module, kept apart so the module reads as one piece.

use super::*;

fn fixtures() -> Vec<(String, Value)> {
    let all = sportello_sim::testkit::shared_fixtures("telegram", "update_");
    assert!(all.len() >= 10, "the shared Telegram fixtures are missing");
    all
}

fn message(batch: &InboundBatch) -> &InboundMessage {
    match &batch.events[..] {
        [Inbound::Message(m)] => m,
        other => panic!("expected one message, got {other:?}"),
    }
}

/// What each fixture must become: the event, and for messages the kind.
fn expected(name: &str) -> &'static str {
    match name {
        "update_message_text_private.json" | "update_business_message.json" => "message:text",
        "update_photo.json" => "message:photo",
        "update_document.json" => "message:document",
        "update_voice.json" => "message:voice",
        "update_location.json" => "message:location",
        "update_contact.json" => "message:contact",
        "update_sticker.json" => "message:sticker",
        "update_edited_message.json" | "update_edited_business_message.json" => "edit",
        "update_deleted_business_messages.json" => "delete",
        "update_business_connection.json" => "business_connection",
        // Button presses are not customer messages; the fixture's membership change (a
        // creator staying creator) says nothing about a customer blocking the bot.
        "update_callback_query.json" | "update_my_chat_member.json" => "none",
        other => panic!("new fixture {other}: say what it must become"),
    }
}

fn describe(batch: &InboundBatch) -> String {
    match &batch.events[..] {
        [] => "none".into(),
        [Inbound::Message(m)] => format!("message:{}", m.kind),
        [Inbound::Edit { .. }] => "edit".into(),
        [Inbound::Delete { .. }] => "delete".into(),
        [Inbound::BusinessConnection(_)] => "business_connection".into(),
        more => format!("{} events", more.len()),
    }
}

#[test]
fn every_fixture_is_accepted_and_confirmed() {
    for (name, update) in fixtures() {
        let id = update["update_id"].as_i64().unwrap();
        let batch = normalize_updates(std::slice::from_ref(&update), None, 0);
        assert_eq!(
            batch.cursor,
            Some((id + 1).to_string()),
            "{name}: must be confirmed"
        );
        assert_eq!(describe(&batch), expected(&name), "{name}");
    }
}

fn only(name: &str) -> Inbound {
    let (_, u) = fixtures().into_iter().find(|(n, _)| n == name).unwrap();
    normalize_updates(&[u], None, 7).events.remove(0)
}

#[test]
fn business_connection_reads_can_reply_old_and_new_style() {
    let Inbound::BusinessConnection(c) = only("update_business_connection.json") else {
        panic!()
    };
    assert_eq!(
        (c.connection_id.as_str(), c.can_reply, c.is_enabled),
        ("123456", true, true)
    );
    assert_eq!(c.owner.display_name, "Mario Bros");
    let new_style = serde_json::json!({"update_id": 1, "business_connection": {
        "id": "b2", "user": {"id": 5, "first_name": "Ana"}, "user_chat_id": 5, "date": 1,
        "rights": {"can_reply": false}, "is_enabled": false}});
    let b = normalize_updates(&[new_style], None, 0);
    let Inbound::BusinessConnection(c) = &b.events[0] else {
        panic!()
    };
    assert_eq!((c.can_reply, c.is_enabled), (false, false));
}

#[test]
fn deleted_business_messages_name_each_message() {
    let Inbound::Delete {
        remote_ids,
        deleted_at_ms,
    } = only("update_deleted_business_messages.json")
    else {
        panic!()
    };
    assert_eq!(remote_ids, ["456:123", "456:321"]);
    assert_eq!(deleted_at_ms, 7);
}

#[test]
fn edits_carry_the_edit_time() {
    let Inbound::Edit {
        message,
        edited_at_ms,
    } = only("update_edited_message.json")
    else {
        panic!()
    };
    assert!(edited_at_ms >= message.sent_at_ms);
    assert!(
        message.reply_to_remote_id.is_some(),
        "the edited fixture replies to a message"
    );
}

#[test]
fn location_and_contact_keep_their_details() {
    let Inbound::Message(m) = only("update_location.json") else {
        panic!()
    };
    let meta: Value = serde_json::from_str(m.attachments[0].meta.as_deref().unwrap()).unwrap();
    assert!(meta["latitude"].is_number() && meta["longitude"].is_number());
    let Inbound::Message(m) = only("update_contact.json") else {
        panic!()
    };
    let meta: Value = serde_json::from_str(m.attachments[0].meta.as_deref().unwrap()).unwrap();
    assert!(meta["phone_number"].is_string());
}

#[test]
fn forwards_entities_and_service_messages() {
    let u = serde_json::json!({"update_id": 3, "message": {
        "message_id": 4, "chat": {"id": -100, "type": "group", "title": "Clienti"}, "date": 1,
        "text": "vedi qui", "entities": [{"type": "bold", "offset": 0, "length": 4}],
        "forward_origin": {"type": "user", "date": 1, "sender_user": {"id": 9, "first_name": "Ada", "last_name": "Neri"}}}});
    let Inbound::Message(m) = normalize_updates(&[u], None, 0).events.remove(0) else {
        panic!()
    };
    assert_eq!(m.forwarded_from.as_deref(), Some("Ada Neri"));
    assert!(m.entities.as_deref().unwrap().contains("bold"));
    assert_eq!(m.conversation.title, "Clienti");
    let joined = serde_json::json!({"update_id": 4, "message": {
        "message_id": 5, "chat": {"id": -100, "type": "group", "title": "Clienti"}, "date": 1,
        "new_chat_members": [{"id": 9, "first_name": "Ada"}, {"id": 10, "first_name": "Bo"}]}});
    let Inbound::Message(m) = normalize_updates(&[joined], None, 0).events.remove(0) else {
        panic!()
    };
    assert_eq!(
        (m.kind.as_str(), m.text.as_str()),
        ("member_joined", "Ada, Bo")
    );
}

#[test]
fn text_message_in_a_private_chat() {
    let (_, u) = fixtures()
        .into_iter()
        .find(|(n, _)| n == "update_message_text_private.json")
        .unwrap();
    let b = normalize_updates(&[u], None, 0);
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
    let b = normalize_updates(&[u], None, 0);
    let m = message(&b);
    assert_eq!(m.kind, "photo");
    assert_eq!(m.text, "asdasdasdasdasdasd");
    assert_eq!(m.attachments[0].remote_ref.as_deref(), Some("SEES"));
    let meta: Value = serde_json::from_str(m.attachments[0].meta.as_deref().unwrap()).unwrap();
    assert_eq!(meta["thumb"], "SOOOS", "the smallest size is the thumbnail");
}

#[test]
fn business_message_without_connection_id_is_still_a_message() {
    let (_, u) = fixtures()
        .into_iter()
        .find(|(n, _)| n == "update_business_message.json")
        .unwrap();
    let b = normalize_updates(&[u], None, 0);
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
    let b = normalize_updates(&updates, Some(5), 0);
    assert_eq!(b.cursor.as_deref(), Some("8"));
    let kinds: Vec<_> = b
        .events
        .iter()
        .map(|e| match e {
            Inbound::Message(m) => m.kind.as_str(),
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["unsupported:brand_new_kind", "text"]);
}

#[test]
fn a_date_out_of_range_does_not_panic() {
    // i64::MAX seconds: multiplying by 1000 overflowed (a panic in debug builds, which ended
    // the account's sync); core replaces such a time where it enters the store.
    for date in [i64::MAX, i64::MIN, -1] {
        let update = serde_json::json!({
            "update_id": 9,
            "message": {
                "message_id": 1, "date": date, "text": "ciao",
                "chat": { "id": 5, "type": "private", "first_name": "Anna" },
                "from": { "id": 5, "is_bot": false, "first_name": "Anna" },
                "edit_date": date
            }
        });
        let batch = normalize_updates(&[update], None, 1_700_000_000_000);
        assert_eq!(message(&batch).text, "ciao");
    }
}

#[test]
fn a_customer_blocking_and_unblocking_the_bot_is_told_apart_from_a_group_change() {
    let (_, mut update) = fixtures()
        .into_iter()
        .find(|(n, _)| n == "update_my_chat_member.json")
        .unwrap();
    update["my_chat_member"]["new_chat_member"]["status"] = json!("kicked");
    let batch = normalize_updates(&[update.clone()], None, 0);
    match &batch.events[..] {
        [Inbound::Reachability {
            conversation_remote_id,
            blocked: true,
            ..
        }] => assert_eq!(conversation_remote_id, "987654321"),
        other => panic!("{other:?}"),
    }
    update["my_chat_member"]["new_chat_member"]["status"] = json!("member");
    let batch = normalize_updates(&[update.clone()], None, 0);
    assert!(matches!(
        &batch.events[..],
        [Inbound::Reachability { blocked: false, .. }]
    ));
    update["my_chat_member"]["chat"]["type"] = json!("group");
    update["my_chat_member"]["new_chat_member"]["status"] = json!("kicked");
    assert!(normalize_updates(&[update], None, 0).events.is_empty());
}
