//! One customer across channels, on a real cache file through the real ingest path: merged on
//! its own only on a verified phone, suggested otherwise, and every merge undoable with nothing
//! lost.

use crate::inbound::{AttachmentMeta, Inbound, InboundMessage};
use crate::model::{ChannelKind, ConversationId, MergeEvidence, MergeHow, ShopChange};
use crate::store::database::Store;
use crate::store::test_support::{account_on, customer_msg, ingest_events, record, temp_store};
use crate::time_fmt::now_ms;

fn ingest(store: &Store, account: i64, messages: Vec<InboundMessage>) {
    ingest_events(
        store,
        account,
        messages.into_iter().map(Inbound::Message).collect(),
    );
}

fn named(chat: &str, id: &str, name: &str, text: &str) -> InboundMessage {
    let mut m = customer_msg(chat, id, text, now_ms());
    m.conversation.title = name.into();
    if let Some(s) = m.sender.as_mut() {
        s.display_name = name.into();
    }
    m
}

fn chat_of(store: &Store, account: i64, remote: &str) -> ConversationId {
    store
        .conversations(100)
        .unwrap()
        .into_iter()
        .find(|c| c.account_id == account && store.conversation_remote_id(c.id).unwrap() == remote)
        .unwrap()
        .id
}

fn shared_contact(chat: &str, id: &str, phone: &str, user_id: Option<&str>) -> InboundMessage {
    let mut m = named(chat, id, "Giulia Neri", "");
    m.kind = "contact".into();
    let meta = match user_id {
        Some(u) => format!(r#"{{"phone_number":"{phone}","first_name":"Giulia","user_id":{u}}}"#),
        None => format!(r#"{{"phone_number":"{phone}","first_name":"Giulia"}}"#),
    };
    m.attachments = vec![AttachmentMeta {
        kind: "contact".into(),
        meta: Some(meta),
        ..Default::default()
    }];
    m
}

/// A WhatsApp chat with +39 333 1234567 and a Telegram chat with user 777, both "Giulia Neri".
fn two_chats(store: &Store) -> (i64, i64, ConversationId, ConversationId) {
    let wa = account_on(store, ChannelKind::Whatsapp);
    let tg = account_on(store, ChannelKind::Telegram);
    ingest(
        store,
        wa,
        vec![named("393331234567", "w1", "Giulia Neri", "Buongiorno")],
    );
    ingest(store, tg, vec![named("777", "t1", "Giulia Neri", "Ciao!")]);
    let (w, t) = (
        chat_of(store, wa, "393331234567"),
        chat_of(store, tg, "777"),
    );
    (wa, tg, w, t)
}

#[test]
fn a_telegram_user_sharing_their_own_number_is_merged_with_that_whatsapp_customer() {
    let (_dir, store) = temp_store();
    let (_, tg, w, t) = two_chats(&store);
    assert!(!store.same_customer(w, t).unwrap());
    // Someone else's card (no user_id, or another user's) proves nothing.
    ingest(
        &store,
        tg,
        vec![shared_contact("777", "t2", "+39 333 1234567", None)],
    );
    ingest(
        &store,
        tg,
        vec![shared_contact("777", "t3", "+39 333 1234567", Some("555"))],
    );
    assert!(!store.same_customer(w, t).unwrap());
    ingest(
        &store,
        tg,
        vec![shared_contact("777", "t4", "+39 333 1234567", Some("777"))],
    );
    assert!(store.same_customer(w, t).unwrap());
    let customer = store.customer(t).unwrap();
    assert_eq!(customer.channels.len(), 2);
    assert_eq!(customer.merges.len(), 1);
    assert_eq!(customer.merges[0].how, MergeHow::Verified);
    // Redelivered: nothing more.
    ingest(
        &store,
        tg,
        vec![shared_contact("777", "t4", "+39 333 1234567", Some("777"))],
    );
    assert_eq!(store.customer(t).unwrap().merges.len(), 1);
}

#[test]
fn a_merge_and_its_undo_keep_every_message_identity_and_note() {
    let (_dir, store) = temp_store();
    let (_, _, w, t) = two_chats(&store);
    record(
        &store,
        ShopChange::NoteWritten {
            note_id: "n1".into(),
            conversation: store.conversation_key(t).unwrap(),
            text: "Allergic to nuts".into(),
        },
    );
    let before = (
        store.messages(w, 100, None).unwrap().len(),
        store.messages(t, 100, None).unwrap().len(),
    );
    let merge = ShopChange::CustomersMerged {
        id: "m1".into(),
        kept: store.conversation_key(w).unwrap(),
        joined: store.conversation_key(t).unwrap(),
        how: MergeHow::Confirmed,
        evidence: "by hand".into(),
    };
    record(&store, merge);
    let customer = store.customer(w).unwrap();
    assert_eq!(customer.channels.len(), 2);
    assert_eq!(
        customer.notes.len(),
        1,
        "the note written on Telegram shows on WhatsApp"
    );
    let identities: usize = customer.channels.iter().map(|c| c.identities.len()).sum();
    record(&store, ShopChange::CustomerMergeUndone { id: "m1".into() });
    assert!(!store.same_customer(w, t).unwrap());
    assert_eq!(store.customer(w).unwrap().channels.len(), 1);
    assert_eq!(store.customer(t).unwrap().notes.len(), 1);
    assert!(store.customer(w).unwrap().notes.is_empty());
    let after = (
        store.messages(w, 100, None).unwrap().len(),
        store.messages(t, 100, None).unwrap().len(),
    );
    assert_eq!(before, after);
    let apart: usize = [w, t]
        .iter()
        .flat_map(|c| store.customer(*c).unwrap().channels)
        .map(|c| c.identities.len())
        .sum();
    assert_eq!(identities, apart);
}

#[test]
fn undoing_one_of_three_merges_keeps_the_other_two_linked() {
    let (_dir, store) = temp_store();
    let (_, _, w, t) = two_chats(&store);
    let ms = account_on(&store, ChannelKind::Messenger);
    ingest(
        &store,
        ms,
        vec![named("psid-9", "m1", "Giulia Neri", "Salve")],
    );
    let m = chat_of(&store, ms, "psid-9");
    for (id, a, b) in [("a", w, t), ("b", t, m)] {
        record(
            &store,
            ShopChange::CustomersMerged {
                id: id.into(),
                kept: store.conversation_key(a).unwrap(),
                joined: store.conversation_key(b).unwrap(),
                how: MergeHow::Confirmed,
                evidence: String::new(),
            },
        );
    }
    assert!(store.same_customer(w, m).unwrap());
    record(&store, ShopChange::CustomerMergeUndone { id: "a".into() });
    assert!(!store.same_customer(w, t).unwrap());
    assert!(store.same_customer(t, m).unwrap());
    assert_eq!(store.customer(m).unwrap().channels.len(), 2);
}

#[test]
fn suggestions_name_their_evidence_and_respect_a_no() {
    let (_dir, store) = temp_store();
    let (_, tg, w, t) = two_chats(&store);
    let s = store.merge_suggestions(10).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].evidence, MergeEvidence::SameName);
    // The WhatsApp number written in the Telegram chat is stronger evidence.
    ingest(
        &store,
        tg,
        vec![named(
            "777",
            "t9",
            "Giulia Neri",
            "il mio numero è 333 123 4567",
        )],
    );
    let s = store.merge_suggestions(10).unwrap();
    assert_eq!(s[0].evidence, MergeEvidence::SameNameAndPhoneInMessage);
    assert!(s[0].detail.contains("393331234567"), "{}", s[0].detail);
    assert!(
        !store.same_customer(w, t).unwrap(),
        "a suggestion merges nothing"
    );
    store.decline_merge(w, t).unwrap();
    assert!(store.merge_suggestions(10).unwrap().is_empty());
}

#[test]
fn a_one_word_name_alone_is_not_a_suggestion() {
    let (_dir, store) = temp_store();
    let wa = account_on(&store, ChannelKind::Whatsapp);
    let tg = account_on(&store, ChannelKind::Telegram);
    ingest(&store, wa, vec![named("393330000001", "1", "Marco", "x")]);
    ingest(&store, tg, vec![named("12", "1", "Marco", "y")]);
    assert!(store.merge_suggestions(10).unwrap().is_empty());
}
