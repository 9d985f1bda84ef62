//! Tests of the sibling module, kept apart so the module reads as one piece.

use super::*;
use crate::inbound::{AttachmentMeta, RemoteContact};
use crate::store::test_support::{account, customer_message, customer_msg, temp_store};

fn batch(events: Vec<Inbound>, cursor: &str) -> InboundBatch {
    InboundBatch {
        events,
        cursor: Some(cursor.into()),
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .read(|c| Ok(c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn ingesting_the_same_batch_twice_changes_nothing() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    let b = batch(
        vec![
            customer_message("10", "1", "Buongiorno", 1_000),
            customer_message("10", "2", "Avete il pane?", 2_000),
            customer_message("11", "1", "Olá", 3_000),
        ],
        "4",
    );
    let first = store.ingest(acc, "updates", &b).unwrap();
    assert_eq!(first.messages.len(), 3);
    let second = store.ingest(acc, "updates", &b).unwrap();
    assert!(
        second.messages.is_empty(),
        "a redelivery must store nothing"
    );
    assert_eq!(second.duplicates, 3);
    assert_eq!(count(&store, "messages"), 3);
    assert_eq!(count(&store, "conversations"), 2);
    let convs = store.conversations(50).unwrap();
    let c10 = convs.iter().find(|c| c.title == "Customer 10").unwrap();
    assert_eq!(
        c10.unread, 2,
        "duplicates must not inflate the unread badge"
    );
}

#[test]
fn cursor_advances_with_the_rows_it_covers() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    assert_eq!(store.cursor(acc, "updates").unwrap(), None);
    store
        .ingest(
            acc,
            "updates",
            &batch(vec![customer_message("10", "1", "a", 1)], "2"),
        )
        .unwrap();
    assert_eq!(store.cursor(acc, "updates").unwrap().as_deref(), Some("2"));
}

#[test]
fn a_failing_batch_leaves_neither_rows_nor_cursor() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    let missing_account = acc + 100;
    let b = batch(vec![customer_message("10", "1", "a", 1)], "9");
    assert!(store.ingest(missing_account, "updates", &b).is_err());
    assert_eq!(count(&store, "messages"), 0);
    assert_eq!(store.cursor(missing_account, "updates").unwrap(), None);
}

#[test]
fn out_of_order_delivery_keeps_the_newest_preview() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    store
        .ingest(
            acc,
            "updates",
            &batch(vec![customer_message("10", "2", "newer", 2_000)], "1"),
        )
        .unwrap();
    store
        .ingest(
            acc,
            "updates",
            &batch(vec![customer_message("10", "1", "older", 1_000)], "2"),
        )
        .unwrap();
    let conv = &store.conversations(10).unwrap()[0];
    assert_eq!(conv.last_message_preview.as_deref(), Some("newer"));
    let msgs = store.messages(conv.id, 10, None).unwrap();
    let texts: Vec<_> = msgs.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        ["older", "newer"],
        "a chat reads in the order messages were sent"
    );
}

#[test]
fn attachments_are_stored_with_their_message() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    let mut m = customer_msg("10", "1", "la torta", 1);
    m.kind = "photo".into();
    m.attachments.push(AttachmentMeta {
        kind: "photo".into(),
        remote_ref: Some("AgAD".into()),
        width: Some(800),
        ..Default::default()
    });
    store
        .ingest(acc, "updates", &batch(vec![Inbound::Message(m)], "2"))
        .unwrap();
    assert_eq!(count(&store, "attachments"), 1);
}

#[test]
fn edits_move_forward_only_and_deletions_keep_the_history() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    store
        .ingest(
            acc,
            "updates",
            &batch(vec![customer_message("10", "1", "v1", 1)], "1"),
        )
        .unwrap();
    let edit = |text: &str, at: i64| Inbound::Edit {
        message: customer_msg("10", "1", text, 1),
        edited_at_ms: at,
    };
    let r = store
        .ingest(
            acc,
            "updates",
            &batch(vec![edit("v3", 300), edit("v2", 200)], "2"),
        )
        .unwrap();
    assert_eq!(r.changed.len(), 1, "the late, older edit changes nothing");
    let conv = store.conversations(1).unwrap()[0].id;
    let m = &store.messages(conv, 10, None).unwrap()[0];
    assert_eq!((m.text.as_str(), m.edited), ("v3", true));

    let del = Inbound::Delete {
        remote_ids: vec!["10:1".into(), "10:404".into()],
        deleted_at_ms: 400,
    };
    let r = store
        .ingest(acc, "updates", &batch(vec![del.clone()], "3"))
        .unwrap();
    assert_eq!(r.changed.len(), 1);
    let again = store
        .ingest(acc, "updates", &batch(vec![del], "4"))
        .unwrap();
    assert!(again.changed.is_empty(), "deleting twice is one change");
    let m = &store.messages(conv, 10, None).unwrap()[0];
    assert!(m.deleted);
    assert_eq!(
        m.text, "v3",
        "deleted messages stay readable in the history"
    );
}

#[test]
fn an_edit_of_an_unseen_message_stores_it() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    let r = store
        .ingest(
            acc,
            "updates",
            &batch(
                vec![Inbound::Edit {
                    message: customer_msg("10", "9", "late", 5),
                    edited_at_ms: 9,
                }],
                "1",
            ),
        )
        .unwrap();
    assert_eq!(r.messages.len(), 1);
}

#[test]
fn the_business_owner_writing_from_their_phone_is_the_shop() {
    use crate::inbound::BusinessConnection;
    let (_dir, store) = temp_store();
    let acc = account(&store);
    let owner = RemoteContact {
        remote_id: "777".into(),
        display_name: "Mario Rossi".into(),
        username: None,
        phone: None,
        language: None,
    };
    let connection = Inbound::BusinessConnection(BusinessConnection {
        connection_id: "bc1".into(),
        owner: owner.clone(),
        can_reply: true,
        is_enabled: true,
    });
    let mut from_customer = customer_msg("10", "1", "Salve", crate::time_fmt::now_ms());
    from_customer.business_connection_id = Some("bc1".into());
    let mut from_owner = customer_msg("10", "2", "Buongiorno!", crate::time_fmt::now_ms());
    from_owner.business_connection_id = Some("bc1".into());
    from_owner.sender = Some(owner);
    store
        .ingest(
            acc,
            "updates",
            &batch(
                vec![
                    connection,
                    Inbound::Message(from_customer),
                    Inbound::Message(from_owner),
                ],
                "1",
            ),
        )
        .unwrap();
    let conv = &store.conversations(1).unwrap()[0];
    assert!(conv.business);
    assert_eq!(conv.unread, 1, "the owner's own message is not unread");
    assert!(matches!(
        conv.reply_window,
        crate::model::ReplyWindow::ClosesAt { .. }
    ));
    let dirs: Vec<_> = store
        .messages(conv.id, 10, None)
        .unwrap()
        .iter()
        .map(|m| m.direction)
        .collect();
    assert_eq!(dirs, [Direction::In, Direction::Out]);
    assert_eq!(
        store.accounts().unwrap()[0].business_links[0].owner_name,
        "Mario Rossi"
    );
}

#[test]
fn coming_back_after_more_than_a_day_records_where_messages_may_be_missing() {
    let (_dir, store) = temp_store();
    let acc = account(&store);
    store.ingest(acc, "updates", &batch(vec![], "1")).unwrap();
    store.ingest(acc, "updates", &batch(vec![], "2")).unwrap();
    assert!(
        store.accounts().unwrap()[0].missing_periods.is_empty(),
        "a short pause is no gap"
    );

    let three_days_ago = crate::time_fmt::now_ms() - 3 * 24 * 3600 * 1000;
    store
        .write(|tx| Ok(tx.execute("UPDATE sync_cursors SET updated_at = ?1", [three_days_ago])?))
        .unwrap();
    store
        .ingest(
            acc,
            "updates",
            &batch(vec![customer_message("10", "1", "back", 1)], "3"),
        )
        .unwrap();
    let gaps = store.accounts().unwrap().remove(0).missing_periods;
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].from, crate::time_fmt::rfc3339(three_days_ago));
    let to =
        time::OffsetDateTime::parse(&gaps[0].to, &time::format_description::well_known::Rfc3339)
            .unwrap();
    let hours_ago = (time::OffsetDateTime::now_utc() - to).whole_hours();
    assert_eq!(hours_ago, 24, "Telegram still had the last 24 hours");
}

#[test]
fn a_time_that_cannot_be_right_is_the_arrival_time_marked_and_nothing_overflows() {
    let (_d, store) = temp_store();
    let acc = account(&store);
    let before = crate::time_fmt::now_ms();
    for (chat, at) in [
        ("1", i64::MAX),
        ("2", i64::MIN),
        ("3", -5),
        ("4", before + 90 * 86_400_000),
    ] {
        store
            .ingest(
                acc,
                "updates",
                &batch(vec![customer_message(chat, "1", "ciao", at)], "1"),
            )
            .unwrap();
    }
    let after = crate::time_fmt::now_ms();
    // The chat list, the reply window and a reply all work on every one of these chats.
    let chats = store.conversations(10).unwrap();
    assert_eq!(chats.len(), 4);
    for chat in &chats {
        let messages = store.messages(chat.id, 10, None).unwrap();
        let m = &messages[0];
        assert!(m.sent_at_unsure, "{m:?}");
        let at = crate::time_fmt::parse_rfc3339_ms(&m.sent_at).unwrap();
        assert!((before..=after).contains(&at), "{}", m.sent_at);
        store.enqueue(chat.id, "Eccomi", None).unwrap();
    }
    // A plausible time is kept as the platform gave it.
    store
        .ingest(
            acc,
            "updates",
            &batch(
                vec![customer_message("5", "1", "ok", 1_700_000_000_000)],
                "2",
            ),
        )
        .unwrap();
    let chat = store
        .conversations(10)
        .unwrap()
        .into_iter()
        .find(|c| c.title == "Customer 5")
        .unwrap();
    let m = &store.messages(chat.id, 10, None).unwrap()[0];
    assert!(!m.sent_at_unsure);
    assert_eq!(
        crate::time_fmt::parse_rfc3339_ms(&m.sent_at),
        Some(1_700_000_000_000)
    );
}
