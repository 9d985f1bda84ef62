//! Tests of the sibling module, kept apart so the module reads as one piece.

use crate::error::ErrorCode;
use crate::inbound::InboundBatch;
use crate::model::MessageStatus;
use crate::store::database::Store;
use crate::store::outbox::{OutboxItem, SendOutcome};
use crate::store::test_support::temp_store;
use crate::store::test_support::{account, customer_message, one_chat};

fn settle(store: &Store, acc: i64, outcome: SendOutcome) -> OutboxItem {
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    store.outbox_settle(&item, &outcome).unwrap();
    item
}

#[test]
fn an_unknown_message_can_be_retried_once_the_owner_says_so() {
    let (_d, store) = temp_store();
    let (acc, conv) = one_chat(&store, &["ciao"]);
    store.enqueue(conv, "arrivato?", None).unwrap();
    let item = settle(
        &store,
        acc,
        SendOutcome::Unknown {
            code: ErrorCode::DeliveryUnknown,
            reason: "timeout".into(),
        },
    );
    assert!(store.outbox_queue(acc).unwrap().is_empty());

    let again = store.retry(item.message_id).unwrap();
    assert_eq!(again.status, MessageStatus::Pending);
    assert_eq!(again.error, None);
    assert_eq!(
        store.outbox_queue(acc).unwrap().len(),
        1,
        "queued again, once"
    );
    assert_eq!(
        store.retry(item.message_id).unwrap_err().code(),
        "InvalidInput",
        "not twice"
    );
}

#[test]
fn discarding_removes_the_message_and_fixes_the_preview() {
    let (_d, store) = temp_store();
    let (acc, conv) = one_chat(&store, &["ciao"]);
    store.enqueue(conv, "mai partito", None).unwrap();
    let item = settle(
        &store,
        acc,
        SendOutcome::Failed {
            code: ErrorCode::Rejected,
            reason: "blocked".into(),
        },
    );
    assert_eq!(store.discard(item.message_id).unwrap(), conv);
    let texts: Vec<_> = store
        .messages(conv, 10, None)
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["ciao"]);
    assert_eq!(
        store.conversations(1).unwrap()[0]
            .last_message_preview
            .as_deref(),
        Some("ciao")
    );
}

#[test]
fn received_or_sent_messages_cannot_be_discarded() {
    let (_d, store) = temp_store();
    let (_acc, conv) = one_chat(&store, &["ciao"]);
    let received = store.messages(conv, 1, None).unwrap()[0].id;
    assert_eq!(store.discard(received).unwrap_err().code(), "InvalidInput");
    assert_eq!(store.discard(9_999).unwrap_err().code(), "NotFound");
}

#[test]
fn mark_unread_brings_the_badge_back_and_drafts_survive() {
    let (_d, store) = temp_store();
    let (_acc, conv) = one_chat(&store, &["ciao"]);
    store.mark_read(conv).unwrap();
    store.mark_unread(conv).unwrap();
    assert_eq!(store.conversations(1).unwrap()[0].unread, 1);

    store.set_draft(conv, "Buongiorno, per la torta…").unwrap();
    assert_eq!(
        store.draft(conv).unwrap().as_deref(),
        Some("Buongiorno, per la torta…")
    );
    assert_eq!(
        store.conversations(1).unwrap()[0].draft.as_deref(),
        Some("Buongiorno, per la torta…")
    );
    store.set_draft(conv, "  ").unwrap();
    assert_eq!(
        store.draft(conv).unwrap(),
        None,
        "an emptied composer leaves no draft"
    );
    assert_eq!(
        store.set_draft(conv + 7, "x").unwrap_err().code(),
        "NotFound"
    );
}

#[test]
fn a_search_result_opens_with_its_context() {
    let (_d, store) = temp_store();
    let texts: Vec<String> = (0..30).map(|i| format!("m{i}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (_acc, conv) = one_chat(&store, &refs);
    let all = store.messages(conv, 100, None).unwrap();
    let anchor = all.iter().find(|m| m.text == "m10").unwrap().id;
    let around: Vec<_> = store
        .messages_around(anchor, 3)
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(around, ["m7", "m8", "m9", "m10", "m11", "m12", "m13"]);
}

#[test]
fn pinned_chats_come_first_and_archived_ones_are_flagged() {
    let (_d, store) = temp_store();
    let acc = account(&store);
    let events = vec![
        customer_message("1", "1", "old", 1_000),
        customer_message("2", "1", "newer", 2_000),
        customer_message("3", "1", "newest", 3_000),
    ];
    store
        .ingest(
            acc,
            "updates",
            &InboundBatch {
                events,
                cursor: None,
            },
        )
        .unwrap();
    let order = |s: &Store| -> Vec<String> {
        s.conversations(10)
            .unwrap()
            .into_iter()
            .map(|c| c.title)
            .collect()
    };
    assert_eq!(order(&store), ["Customer 3", "Customer 2", "Customer 1"]);
    let oldest = store.conversations(10).unwrap()[2].id;
    store.set_pinned(oldest, true).unwrap();
    assert_eq!(order(&store), ["Customer 1", "Customer 3", "Customer 2"]);
    store.set_archived(oldest, true).unwrap();
    let c = store.conversations(10).unwrap().remove(0);
    assert!(c.pinned && c.archived);
    assert_eq!(store.set_pinned(999, true).unwrap_err().code(), "NotFound");
}
