//! The log of shop changes and what it applies: labels and their groups, notes and their
//! history, conversation status through every kind of event, who waits on whom, and messages
//! sent later, on a real cache file.

use super::*;
use crate::inbound::{Inbound, InboundBatch};
use crate::model::{
    ChatFilter, ConversationStatus, Direction, Label, MessageStatus, ShopChange, WaitingOn,
};
use crate::store::test_support::{account, customer_message, customer_msg, one_chat, temp_store};
use crate::time_fmt::now_ms;

fn record(store: &Store, change: ShopChange) -> Applied {
    store
        .record_change(&RecordedChange {
            id: uuid::Uuid::now_v7().to_string(),
            at_ms: now_ms(),
            device: "test".into(),
            change,
        })
        .unwrap()
}

fn label(id: &str, group: Option<&str>) -> ShopChange {
    ShopChange::LabelSaved {
        label: Label {
            id: id.into(),
            name: id.to_uppercase(),
            color: "#25d366".into(),
            group: group.map(str::to_owned),
        },
    }
}

fn names(store: &Store, conv: ConversationId) -> Vec<String> {
    store
        .conversation(conv)
        .unwrap()
        .labels
        .into_iter()
        .map(|l| l.name)
        .collect()
}

#[test]
fn a_change_already_in_the_log_is_not_applied_twice() {
    let (_d, store) = temp_store();
    let recorded = RecordedChange {
        id: "change-1".into(),
        at_ms: 1,
        device: "cassa-1".into(),
        change: label("nuovo", None),
    };
    assert_eq!(store.record_change(&recorded).unwrap(), Applied::Labels);
    assert_eq!(store.record_change(&recorded).unwrap(), Applied::Nothing);
    let log = store.shop_changes(0, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].1, recorded);
}

#[test]
fn a_label_of_a_group_takes_the_others_of_its_group_off() {
    let (_d, store) = temp_store();
    let (_, conv) = one_chat(&store, &["Una torta"]);
    let key = store.conversation_key(conv).unwrap();
    for (id, group) in [
        ("nuovo", Some("ordine")),
        ("pagato", Some("ordine")),
        ("vip", None),
    ] {
        record(&store, label(id, group));
    }
    let on = |l: &str| ShopChange::Labelled {
        conversation: key.clone(),
        label: l.into(),
    };
    record(&store, on("nuovo"));
    record(&store, on("vip"));
    assert_eq!(names(&store, conv), ["NUOVO", "VIP"]);
    record(&store, on("pagato"));
    assert_eq!(
        names(&store, conv),
        ["PAGATO", "VIP"],
        "one state of the order"
    );
    record(
        &store,
        ShopChange::Unlabelled {
            conversation: key.clone(),
            label: "vip".into(),
        },
    );
    assert_eq!(names(&store, conv), ["PAGATO"]);
    record(
        &store,
        ShopChange::LabelRemoved {
            id: "pagato".into(),
        },
    );
    assert!(
        names(&store, conv).is_empty(),
        "a removed label leaves every chat"
    );
    // A label removed meanwhile (another desktop first) is not attached.
    record(&store, on("pagato"));
    assert!(names(&store, conv).is_empty());
}

#[test]
fn a_note_keeps_every_version_and_a_removal_hides_it() {
    let (_d, store) = temp_store();
    let (_, conv) = one_chat(&store, &["Ciao"]);
    let key = store.conversation_key(conv).unwrap();
    let write = |text: &str| ShopChange::NoteWritten {
        note_id: "n1".into(),
        conversation: key.clone(),
        text: text.into(),
    };
    record(&store, write("Allergica alle noci"));
    record(&store, write("Allergica alle noci e al sesamo"));
    let notes = store.notes(conv).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Allergica alle noci e al sesamo");
    assert_eq!(notes[0].version, 2);
    assert_eq!(notes[0].history.len(), 1);
    assert_eq!(notes[0].history[0].text, "Allergica alle noci");
    // Search finds the note by its current words only.
    assert_eq!(store.search_notes("sesamo", 10).unwrap().len(), 1);
    assert_eq!(store.search_notes("noci", 10).unwrap().len(), 1);
    record(
        &store,
        ShopChange::NoteRemoved {
            note_id: "n1".into(),
        },
    );
    assert!(store.notes(conv).unwrap().is_empty());
    assert!(store.search_notes("sesamo", 10).unwrap().is_empty());
    let kept: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM customer_notes", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(kept, 3, "every version stays, the removal too");
}

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
fn labels_and_notes_follow_the_customer_into_each_of_their_chats() {
    let (_d, store) = temp_store();
    let (acc, bot_chat) = one_chat(&store, &["Ciao dal bot"]);
    // The same customer (contact 42) writes in a second chat of the account, e.g. the shop's
    // Telegram Business chat; another customer has a chat of their own.
    let mut business = customer_msg("42", "b1", "Ciao dal Business", 2_000);
    business.conversation.remote_id = "business:42".into();
    let other = customer_msg("77", "o1", "Altro cliente", 3_000);
    store
        .ingest(
            acc,
            "updates",
            &InboundBatch {
                events: vec![Inbound::Message(business), Inbound::Message(other)],
                cursor: None,
            },
        )
        .unwrap();
    let chats = store.conversations(10).unwrap();
    let id_of = |title_remote: &str| {
        chats
            .iter()
            .find(|c| store.conversation_key(c.id).unwrap().chat == title_remote)
            .unwrap()
            .id
    };
    let (business_chat, other_chat) = (id_of("business:42"), id_of("77"));
    assert_ne!(business_chat, bot_chat);

    record(&store, label("vip", None));
    record(
        &store,
        ShopChange::Labelled {
            conversation: store.conversation_key(bot_chat).unwrap(),
            label: "vip".into(),
        },
    );
    record(
        &store,
        ShopChange::NoteWritten {
            note_id: "n1".into(),
            conversation: store.conversation_key(business_chat).unwrap(),
            text: "Paga il venerdì".into(),
        },
    );
    for chat in [bot_chat, business_chat] {
        assert_eq!(names(&store, chat), ["VIP"], "chat {chat}");
        let notes = store.notes(chat).unwrap();
        assert_eq!(notes.len(), 1, "chat {chat}");
        assert_eq!(notes[0].conversation_id, business_chat, "written there");
    }
    assert!(names(&store, other_chat).is_empty());
    assert!(store.notes(other_chat).unwrap().is_empty());
    let listed: Vec<_> = store.conversations(10).unwrap();
    let vip_rows = listed.iter().filter(|c| !c.labels.is_empty()).count();
    assert_eq!(
        vip_rows, 2,
        "the list shows the label on both of the customer's chats"
    );
    let filter = ChatFilter {
        label: Some("vip".into()),
        ..ChatFilter::default()
    };
    let filtered = store.conversations_where(&filter, 10).unwrap();
    assert_eq!(filtered.len(), 2, "the label's chip lists both");
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
