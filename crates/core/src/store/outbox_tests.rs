//! Tests of the sibling module, kept apart so the module reads as one piece.

use super::*;
use crate::error::ErrorCode;
use crate::model::Direction;
use crate::store::test_support::one_chat;
use crate::store::test_support::temp_store;

fn store_with_chat() -> (tempfile::TempDir, Store, AccountId, ConversationId) {
    let (dir, store) = temp_store();
    let (acc, conv) = one_chat(&store, &["Ciao"]);
    (dir, store, acc, conv)
}

#[test]
fn enqueue_shows_the_message_at_once_as_pending() {
    let (_dir, store, acc, conv) = store_with_chat();
    let msg = store
        .enqueue(conv, "Sì, a domani!", None)
        .unwrap()
        .remove(0);
    assert_eq!(msg.status, MessageStatus::Pending);
    assert_eq!(msg.direction, Direction::Out);
    let queue = store.outbox_queue(acc).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].conversation_remote_id, "42");
    let list = store.conversations(1).unwrap();
    assert_eq!(
        list[0].last_message_preview.as_deref(),
        Some("Sì, a domani!")
    );
}

#[test]
fn empty_text_and_unknown_chat_are_refused() {
    let (_dir, store, _acc, conv) = store_with_chat();
    assert_eq!(
        store.enqueue(conv, "  \n", None).unwrap_err().code(),
        "InvalidInput"
    );
    assert_eq!(
        store.enqueue(conv + 50, "x", None).unwrap_err().code(),
        "NotFound"
    );
}

#[test]
fn a_crash_mid_send_leaves_the_message_unknown_not_resent() {
    let (_dir, store, acc, conv) = store_with_chat();
    store.enqueue(conv, "one", None).unwrap();
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    // The process dies here; at the next start:
    let recovered = store.outbox_recover_interrupted().unwrap();
    assert_eq!(recovered, vec![item.message_id]);
    assert!(
        store.outbox_queue(acc).unwrap().is_empty(),
        "must never be resent silently"
    );
    assert_eq!(
        store.message(item.message_id).unwrap().status,
        MessageStatus::Unknown
    );
}

#[test]
fn sent_records_the_remote_id_and_leaves_the_queue() {
    let (_dir, store, acc, conv) = store_with_chat();
    store.enqueue(conv, "one", None).unwrap();
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    let msg = store
        .outbox_settle(
            &item,
            &SendOutcome::Sent {
                remote_id: "42:2".into(),
                sent_at_ms: 5_000,
            },
        )
        .unwrap();
    assert_eq!(msg.status, MessageStatus::Sent);
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn retry_keeps_it_queued_with_the_reason() {
    let (_dir, store, acc, conv) = store_with_chat();
    store.enqueue(conv, "one", None).unwrap();
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    let msg = store
        .outbox_settle(
            &item,
            &SendOutcome::Retry {
                not_before_ms: 99,
                code: ErrorCode::Offline,
                reason: "offline".into(),
            },
        )
        .unwrap();
    assert_eq!(msg.status, MessageStatus::Pending);
    assert_eq!(store.outbox_queue(acc).unwrap()[0].not_before_ms, 99);
}
