//! The log of shop changes and what it applies: labels and their groups, notes and their
//! history, and both following the customer into each of their chats, on a real cache file.

use super::*;
use crate::inbound::{Inbound, InboundBatch};
use crate::model::{ChatFilter, Label, ShopChange};
use crate::store::test_support::{customer_msg, one_chat, record, temp_store};

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
