//! Tests of the sibling module, kept apart so the module reads as one piece.

use crate::inbound::{DeliveryStatus, Inbound, InboundBatch, Reaction, RemoteContact};
use crate::model::{ChannelKind, MessageStatus, ReplyBlock, ReplyWindow, TemplateChoice};
use crate::store::database::Store;
use crate::store::outbox::{OutboxItem, SendOutcome};
use crate::store::test_support::temp_store;
use crate::store::test_support::{account_on, customer_message};
use crate::time_fmt::now_ms;

fn feed(store: &Store, account: i64, events: Vec<Inbound>) {
    store
        .ingest(
            account,
            "inbound",
            &InboundBatch {
                events,
                cursor: None,
            },
        )
        .unwrap();
}

fn status(remote_id: &str, status: MessageStatus) -> Inbound {
    Inbound::Status(DeliveryStatus {
        remote_id: remote_id.into(),
        status,
        error: (status == MessageStatus::Failed).then(|| "Number unreachable".into()),
        closes_reply_window: false,
        platform_code: None,
        at_ms: 1,
    })
}

/// A WhatsApp chat with one customer message written `age_ms` ago, and one reply sent as
/// "wamid.out".
fn whatsapp_chat_with_reply(store: &Store, age_ms: i64) -> (i64, i64, i64) {
    let acc = account_on(store, ChannelKind::Whatsapp);
    feed(
        store,
        acc,
        vec![customer_message(
            "39333",
            "wamid.in",
            "Ciao",
            now_ms() - age_ms,
        )],
    );
    let conv = store.conversations(1).unwrap()[0].id;
    let reply = store.enqueue(conv, "Buongiorno!", None).unwrap().remove(0);
    let item: OutboxItem = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    store
        .outbox_settle(
            &item,
            &SendOutcome::Sent {
                remote_id: "wamid.out".into(),
                sent_at_ms: 0,
            },
        )
        .unwrap();
    (acc, conv, reply.id)
}

#[test]
fn statuses_only_move_forward() {
    let (_dir, store) = temp_store();
    let (acc, _, reply) = whatsapp_chat_with_reply(&store, 1000);
    feed(&store, acc, vec![status("wamid.out", MessageStatus::Read)]);
    feed(
        &store,
        acc,
        vec![status("wamid.out", MessageStatus::Delivered)],
    );
    feed(&store, acc, vec![status("wamid.out", MessageStatus::Sent)]);
    assert_eq!(
        store.message(reply).unwrap().status,
        MessageStatus::Read,
        "a late delivered or sent must not undo read"
    );
}

#[test]
fn a_failure_shows_its_reason_but_never_undoes_delivered() {
    let (_dir, store) = temp_store();
    let (acc, _, reply) = whatsapp_chat_with_reply(&store, 1000);
    feed(
        &store,
        acc,
        vec![status("wamid.out", MessageStatus::Failed)],
    );
    let failed = store.message(reply).unwrap();
    assert_eq!(failed.status, MessageStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some("Number unreachable"));

    let (_dir2, store2) = temp_store();
    let (acc2, _, reply2) = whatsapp_chat_with_reply(&store2, 1000);
    feed(
        &store2,
        acc2,
        vec![status("wamid.out", MessageStatus::Delivered)],
    );
    feed(
        &store2,
        acc2,
        vec![status("wamid.out", MessageStatus::Failed)],
    );
    assert_eq!(
        store2.message(reply2).unwrap().status,
        MessageStatus::Delivered
    );
}

#[test]
fn a_status_that_beats_the_send_answer_is_applied_when_the_answer_comes() {
    let (_dir, store) = temp_store();
    let acc = account_on(&store, ChannelKind::Whatsapp);
    feed(
        &store,
        acc,
        vec![customer_message("39333", "wamid.in", "Ciao", now_ms())],
    );
    let conv = store.conversations(1).unwrap()[0].id;
    let reply = store.enqueue(conv, "Eccomi", None).unwrap().remove(0);
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store.outbox_begin_send(&item).unwrap();
    feed(
        &store,
        acc,
        vec![status("wamid.early", MessageStatus::Delivered)],
    );
    let settled = store
        .outbox_settle(
            &item,
            &SendOutcome::Sent {
                remote_id: "wamid.early".into(),
                sent_at_ms: 0,
            },
        )
        .unwrap();
    assert_eq!(settled.id, reply.id);
    assert_eq!(settled.status, MessageStatus::Delivered);
}

#[test]
fn reactions_attach_to_their_message_and_the_newest_wins() {
    let (_dir, store) = temp_store();
    let (acc, _, reply) = whatsapp_chat_with_reply(&store, 1000);
    let react = |emoji: &str, at_ms: i64| {
        Inbound::Reaction(Reaction {
            message_remote_id: "wamid.out".into(),
            reactor: Some("39333".into()),
            emoji: emoji.into(),
            at_ms,
        })
    };
    feed(
        &store,
        acc,
        vec![react("👍", 10), react("❤️", 30), react("😮", 20)],
    );
    let emojis: Vec<String> = store
        .message(reply)
        .unwrap()
        .reactions
        .into_iter()
        .map(|r| r.emoji)
        .collect();
    assert_eq!(emojis, ["❤️"], "one reaction per person, the newest");
    feed(&store, acc, vec![react("", 40)]);
    assert!(store.message(reply).unwrap().reactions.is_empty());
}

#[test]
fn whatsapp_free_text_only_within_24_hours_templates_always() {
    let (_dir, store) = temp_store();
    let (_, conv, _) = whatsapp_chat_with_reply(&store, 1000);
    assert!(matches!(
        store.conversations(1).unwrap()[0].reply_window,
        ReplyWindow::ClosesAt { .. }
    ));

    let (_dir2, old) = temp_store();
    let acc = account_on(&old, ChannelKind::Whatsapp);
    feed(
        &old,
        acc,
        vec![customer_message(
            "39333",
            "wamid.old",
            "Ciao",
            now_ms() - 25 * 3600 * 1000,
        )],
    );
    let old_conv = old.conversations(1).unwrap()[0].id;
    let refused = old.enqueue(old_conv, "Ci sei?", None).unwrap_err();
    assert!(
        matches!(
            refused,
            crate::Error::ReplyWindowClosed(ReplyBlock::TemplateOnly)
        ),
        "{refused:?}"
    );
    let template = TemplateChoice {
        name: "appointment".into(),
        language: "it".into(),
        parameters: vec!["lunedì".into()],
    };
    let queued = old
        .enqueue_template(old_conv, &template, "Ci vediamo lunedì")
        .unwrap();
    assert_eq!(queued.status, MessageStatus::Pending);
    assert_eq!(old.outbox_queue(acc).unwrap()[0].template, Some(template));
    let _ = conv;
}

#[test]
fn a_window_closed_answer_closes_the_window_until_the_customer_writes() {
    let (_dir, store) = temp_store();
    let acc = account_on(&store, ChannelKind::Whatsapp);
    feed(
        &store,
        acc,
        vec![customer_message(
            "39333",
            "wamid.in",
            "Ciao",
            now_ms() - 1000,
        )],
    );
    let conv = store.conversations(1).unwrap()[0].id;
    store.enqueue(conv, "Eccomi", None).unwrap();
    let item = store.outbox_queue(acc).unwrap().remove(0);
    store
        .outbox_settle(
            &item,
            &SendOutcome::WindowClosed {
                reason: "24 hours passed".into(),
            },
        )
        .unwrap();
    assert_eq!(
        store.conversations(1).unwrap()[0].reply_window,
        ReplyWindow::Closed {
            reason: ReplyBlock::TemplateOnly
        }
    );
    feed(
        &store,
        acc,
        vec![customer_message(
            "39333",
            "wamid.in2",
            "Ancora qui",
            now_ms() + 1000,
        )],
    );
    assert!(matches!(
        store.conversations(1).unwrap()[0].reply_window,
        ReplyWindow::ClosesAt { .. }
    ));
}

#[test]
fn the_owners_saved_name_beats_the_profile_name() {
    let (_dir, store) = temp_store();
    let acc = account_on(&store, ChannelKind::Whatsapp);
    feed(
        &store,
        acc,
        vec![Inbound::ContactName(RemoteContact {
            remote_id: "39333".into(),
            display_name: "Marco (torta sabato)".into(),
            username: None,
            phone: Some("39333".into()),
            language: None,
        })],
    );
    feed(
        &store,
        acc,
        vec![customer_message("39333", "wamid.in", "Ciao", now_ms())],
    );
    assert_eq!(
        store.conversations(1).unwrap()[0].title,
        "Marco (torta sabato)"
    );
}

#[test]
fn opening_a_whatsapp_chat_makes_its_newest_customer_message_due_for_a_read_receipt() {
    let (_dir, store) = temp_store();
    let (acc, conv, _) = whatsapp_chat_with_reply(&store, 1000);
    store.mark_read(conv).unwrap();
    let due = store.read_receipts_due(acc).unwrap();
    assert_eq!(
        due,
        vec![(conv, "39333".to_owned(), "39333:wamid.in".to_owned())]
    );
    store.read_receipt_sent(conv, "39333:wamid.in").unwrap();
    assert!(store.read_receipts_due(acc).unwrap().is_empty());
}

#[test]
fn deliveries_are_read_back_per_account_after_the_cursor() {
    let (_dir, store) = temp_store();
    let a = account_on(&store, ChannelKind::Whatsapp);
    let b = account_on(&store, ChannelKind::Whatsapp);
    let (first, was_first) = store.save_delivery(b"one", &[a]).unwrap();
    let (second, again_first) = store.save_delivery(b"two", &[a, b]).unwrap();
    assert!(was_first);
    assert!(again_first, "b's first");
    assert!(!store.save_delivery(b"three", &[a]).unwrap().1);
    let for_a: Vec<i64> = store
        .deliveries_after(a, 0, 10)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(for_a[..2], [first, second]);
    let after_first = store.deliveries_after(a, first, 10).unwrap();
    assert_eq!(after_first.len(), 2);
    assert_eq!(after_first[0].body, b"two");
    assert_eq!(store.deliveries_after(b, 0, 10).unwrap().len(), 1);
    assert_eq!(
        store.deliveries_after(a, second, 10).unwrap().len(),
        1,
        "the third"
    );
    assert!(store.account(a).unwrap().webhook_seen_at.is_some());
}

#[test]
fn only_processed_old_deliveries_are_pruned() {
    let (_dir, store) = temp_store();
    let a = account_on(&store, ChannelKind::Whatsapp);
    let (first, _) = store.save_delivery(b"one", &[a]).unwrap();
    let (_second, _) = store.save_delivery(b"two", &[a]).unwrap();
    assert_eq!(
        store.prune_deliveries(0).unwrap(),
        0,
        "nothing processed yet"
    );
    store
        .ingest(
            a,
            "inbound",
            &InboundBatch {
                events: vec![],
                cursor: Some(first.to_string()),
            },
        )
        .unwrap();
    assert_eq!(store.prune_deliveries(3_600_000).unwrap(), 0, "too recent");
    assert_eq!(store.prune_deliveries(0).unwrap(), 1, "the processed one");
    assert_eq!(store.deliveries_after(a, 0, 10).unwrap()[0].body, b"two");
}
