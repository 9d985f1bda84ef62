//! A conversation's status through every kind of event (the customer writing, the shop
//! replying, old history arriving, a snooze's time coming), who waits on whom whatever order
//! messages arrive in, "Needs a reply", and messages sent later, on a real cache file.

use super::*;
use crate::inbound::{Inbound, InboundBatch};
use crate::model::{ConversationStatus, Direction, MessageStatus, ShopChange, WaitingOn};
use crate::store::test_support::{
    account, customer_message, customer_msg, one_chat, record, temp_store,
};
use crate::time_fmt::now_ms;

/// How a conversation stands before an event.
#[derive(Debug, Clone, Copy)]
enum Before {
    Open,
    Done,
    SnoozedUnlessReply,
    SnoozedNoMatterWhat,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    CustomerWrites,
    OldHistoryArrives,
    ShopReplies,
    SnoozeTimeComes,
}

#[test]
fn status_follows_every_event_as_a_shop_expects() {
    use ConversationStatus::{Done, Open, Snoozed};
    let table = [
        (Before::Open, Event::CustomerWrites, Open),
        (Before::Open, Event::ShopReplies, Open),
        (Before::Done, Event::CustomerWrites, Open),
        (Before::Done, Event::OldHistoryArrives, Done),
        (Before::Done, Event::ShopReplies, Done),
        (Before::Done, Event::SnoozeTimeComes, Done),
        (Before::SnoozedUnlessReply, Event::CustomerWrites, Open),
        (
            Before::SnoozedUnlessReply,
            Event::OldHistoryArrives,
            Snoozed,
        ),
        (Before::SnoozedUnlessReply, Event::ShopReplies, Snoozed),
        (Before::SnoozedUnlessReply, Event::SnoozeTimeComes, Open),
        (Before::SnoozedNoMatterWhat, Event::CustomerWrites, Snoozed),
        (Before::SnoozedNoMatterWhat, Event::ShopReplies, Snoozed),
        (Before::SnoozedNoMatterWhat, Event::SnoozeTimeComes, Open),
    ];
    for (before, event, want) in table {
        let (_d, store) = temp_store();
        let (account, conv) = one_chat(&store, &["Buongiorno"]);
        let key = store.conversation_key(conv).unwrap();
        let soon = now_ms() + 60_000;
        let (status, until, unless_reply) = match before {
            Before::Open => (Open, None, true),
            Before::Done => (Done, None, true),
            Before::SnoozedUnlessReply => (Snoozed, Some(soon), true),
            Before::SnoozedNoMatterWhat => (Snoozed, Some(soon), false),
        };
        record(
            &store,
            ShopChange::StatusSet {
                conversation: key,
                status,
                until_ms: until,
                unless_reply,
                follow_up: false,
            },
        );
        match event {
            Event::CustomerWrites => {
                store
                    .ingest(
                        account,
                        "t",
                        &InboundBatch {
                            events: vec![customer_message("42", "new", "Ci siete?", now_ms())],
                            cursor: None,
                        },
                    )
                    .unwrap();
            }
            Event::OldHistoryArrives => {
                store
                    .ingest(
                        account,
                        "t",
                        &InboundBatch {
                            events: vec![Inbound::Backfill(customer_msg(
                                "42", "old", "vecchio", 5,
                            ))],
                            cursor: None,
                        },
                    )
                    .unwrap();
            }
            Event::ShopReplies => {
                store.enqueue(conv, "Sì!", None).unwrap();
            }
            Event::SnoozeTimeComes => {
                store
                    .write(|tx| {
                        tx.execute(
                            "UPDATE conversations SET snoozed_until = snoozed_until - 120000",
                            [],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                store.end_due_snoozes().unwrap();
            }
        }
        let now = store.conversation(conv).unwrap();
        assert_eq!(now.status, want, "{before:?} then {event:?}");
        assert_eq!(
            now.snooze.is_some(),
            want == Snoozed,
            "{before:?} then {event:?}"
        );
    }
}

#[test]
fn a_follow_up_that_comes_back_says_so() {
    let (_d, store) = temp_store();
    let (_, conv) = one_chat(&store, &["Ci penso"]);
    record(
        &store,
        ShopChange::StatusSet {
            conversation: store.conversation_key(conv).unwrap(),
            status: ConversationStatus::Snoozed,
            until_ms: Some(now_ms() - 1),
            unless_reply: true,
            follow_up: true,
        },
    );
    assert!(store.conversation(conv).unwrap().snooze.unwrap().follow_up);
    assert_eq!(
        store.end_due_snoozes().unwrap(),
        [crate::store::SnoozeEnded {
            conversation_id: conv,
            follow_up: true
        }]
    );
    assert!(store.end_due_snoozes().unwrap().is_empty(), "once");
}

#[test]
fn who_waits_follows_the_newest_word_whatever_order_it_arrives_in() {
    let (_d, store) = temp_store();
    let account = account(&store);
    let feed = |events: Vec<Inbound>| {
        store
            .ingest(
                account,
                "t",
                &InboundBatch {
                    events,
                    cursor: None,
                },
            )
            .unwrap()
    };
    let shop_says = |id: &str, at: i64| {
        let mut m = customer_msg("42", id, "risposta", at);
        m.direction = Direction::Out;
        m.sender = None;
        Inbound::Message(m)
    };
    feed(vec![customer_message("42", "a", "Ciao", 10_000)]);
    let conv = store.conversations(1).unwrap()[0].id;
    let chat = store.conversation(conv).unwrap();
    assert_eq!(chat.waiting_on, Some(WaitingOn::Us));
    assert_eq!(chat.waiting_since.as_deref(), Some(rfc(10_000).as_str()));
    // The customer writes again: still waiting since the first unanswered message.
    feed(vec![customer_message("42", "b", "Ci siete?", 20_000)]);
    assert_eq!(
        store.conversation(conv).unwrap().waiting_since.as_deref(),
        Some(rfc(10_000).as_str())
    );
    // The shop's answer (from the owner's phone) arrives after a later customer message was
    // already stored: the customer still waits, since that later message.
    feed(vec![customer_message("42", "d", "E domani?", 40_000)]);
    feed(vec![shop_says("c", 30_000)]);
    let chat = store.conversation(conv).unwrap();
    assert_eq!(chat.waiting_on, Some(WaitingOn::Us));
    assert_eq!(chat.waiting_since.as_deref(), Some(rfc(40_000).as_str()));
    // A late delivery of an old customer message changes nothing.
    feed(vec![customer_message("42", "old", "vecchio", 25_000)]);
    assert_eq!(
        store.conversation(conv).unwrap().waiting_since.as_deref(),
        Some(rfc(40_000).as_str())
    );
    // The shop answers now: the customer is the one to answer.
    store.enqueue(conv, "Sì, anche domani", None).unwrap();
    let chat = store.conversation(conv).unwrap();
    assert_eq!(chat.waiting_on, Some(WaitingOn::Customer));
    let needing = store
        .conversations_where(
            &crate::model::ChatFilter {
                needs_reply: true,
                ..Default::default()
            },
            10,
        )
        .unwrap();
    assert!(needing.is_empty());
}

fn rfc(ms: i64) -> String {
    crate::time_fmt::rfc3339(ms)
}

#[test]
fn needs_a_reply_lists_open_chats_waiting_on_the_shop_oldest_first() {
    let (_d, store) = temp_store();
    let account = account(&store);
    let events = vec![
        customer_message("1", "a", "prima", 3_000),
        customer_message("2", "b", "seconda", 1_000),
        customer_message("3", "c", "terza", 2_000),
    ];
    store
        .ingest(
            account,
            "t",
            &InboundBatch {
                events,
                cursor: None,
            },
        )
        .unwrap();
    let chats = store.conversations(10).unwrap();
    let id_of = |remote: &str| {
        chats
            .iter()
            .find(|c| c.title == format!("Customer {remote}"))
            .unwrap()
            .id
    };
    // Chat 3 is done: it needs nothing even though its customer wrote last.
    record(
        &store,
        ShopChange::StatusSet {
            conversation: store.conversation_key(id_of("3")).unwrap(),
            status: ConversationStatus::Done,
            until_ms: None,
            unless_reply: true,
            follow_up: false,
        },
    );
    let waiting: Vec<String> = store
        .conversations_where(
            &crate::model::ChatFilter {
                needs_reply: true,
                ..Default::default()
            },
            10,
        )
        .unwrap()
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(waiting, ["Customer 2", "Customer 1"]);
}

#[test]
fn a_message_sent_later_waits_in_the_outbox_across_a_restart() {
    let (dir, store) = temp_store();
    let (account, conv) = one_chat(&store, &["Ordino per sabato"]);
    let at = now_ms() + 3_600_000;
    let later = store.schedule(conv, "Ricordi il ritiro?", at).unwrap();
    assert_eq!(later.status, MessageStatus::Scheduled);
    assert!(later.scheduled_at.is_some());
    // The list does not show it as the last message before it goes.
    assert_eq!(
        store
            .conversation(conv)
            .unwrap()
            .last_message_preview
            .as_deref(),
        Some("Ordino per sabato")
    );
    let path = store.path().to_owned();
    drop(store);
    let store = Store::open(&path).unwrap();
    let queue = store.outbox_queue(account).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].not_before_ms, at, "not before its time");
    assert_eq!(queue[0].scheduled_at_ms, Some(at));
    assert_eq!(
        store.outbox_len().unwrap(),
        0,
        "it waits for its time, not for the network: no \"waiting\" banner for it"
    );
    // Changed, then cancelled: it leaves the chat.
    let changed = store
        .reschedule(later.id, "Ricordi il ritiro di sabato?", at + 60_000)
        .unwrap();
    assert_eq!(changed.text, "Ricordi il ritiro di sabato?");
    assert_eq!(store.scheduled_messages().unwrap().len(), 1);
    store.cancel_scheduled(later.id).unwrap();
    assert!(store.outbox_queue(account).unwrap().is_empty());
    assert!(store.message(later.id).is_err());
    drop(dir);
}
