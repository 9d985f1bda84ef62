//! Automatic answers as the shop expects them, on a real cache file through the real ingest
//! path: once per closed stretch, never over a person, never in a group, in the customer's
//! language, and decided exactly once whatever arrives twice.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::inbound::{ConversationKind, Inbound, InboundBatch, InboundMessage};
use crate::model::{
    AutoKind, AutoMessage, ChannelKind, ClosedDates, ClosingEarly, ConversationStatus, FaqCard,
    MessageView, OpeningHours, ShopChange,
};
use crate::store::database::Store;
use crate::store::test_support::{account_on, customer_msg, record, temp_store};
use crate::time_fmt::now_ms;

fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Open every day all day, in UTC; `closed_today` closes yesterday, today and tomorrow.
fn hours(closed_now: bool) -> OpeningHours {
    let mut h = OpeningHours {
        week: crate::hours::spec::parse_week("mon-sun 00:00-24:00").unwrap(),
        timezone: Some("UTC".into()),
        ..Default::default()
    };
    if closed_now {
        h.closed.push(ClosedDates {
            from: today().checked_sub(1.day()).unwrap().to_string(),
            until: today().checked_add(1.day()).unwrap().to_string(),
            note: None,
        });
    }
    h
}

fn away(store: &Store) {
    record(
        store,
        ShopChange::AutoMessageSet {
            which: AutoKind::Away,
            message: AutoMessage {
                on: true,
                text: "Hi {first_name}, we are closed; back {opens}.".into(),
                language: Some("en".into()),
                translations: [(
                    "it".to_string(),
                    "Ciao {first_name}, riapriamo {opens}.".to_string(),
                )]
                .into(),
                after_days: None,
            },
        },
    );
}

fn closed_shop(channel: ChannelKind) -> (tempfile::TempDir, Store, i64) {
    let (dir, store) = temp_store();
    let account = account_on(&store, channel);
    record(&store, ShopChange::HoursSet { hours: hours(true) });
    away(&store);
    (dir, store, account)
}

fn write(store: &Store, account: i64, m: InboundMessage) -> Vec<(i64, i64)> {
    store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events: vec![Inbound::Message(m)],
                cursor: None,
            },
        )
        .unwrap()
        .automated
}

fn asks(chat: &str, id: &str, text: &str) -> InboundMessage {
    customer_msg(chat, id, text, now_ms())
}

fn automated_in(store: &Store, chat: i64) -> Vec<MessageView> {
    store
        .messages(chat, 100, None)
        .unwrap()
        .into_iter()
        .filter(|m| m.automated)
        .collect()
}

#[test]
fn a_customer_writing_while_closed_gets_one_away_message_per_closed_stretch() {
    let (_d, store, account) = closed_shop(ChannelKind::Telegram);
    let first = write(&store, account, asks("42", "1", "Buongiorno"));
    assert_eq!(first.len(), 1);
    let chat = first[0].0;
    let sent = automated_in(&store, chat);
    assert_eq!(sent.len(), 1);
    let text = &sent[0].text;
    assert!(
        text.starts_with("Hi Customer, we are closed; back "),
        "{text}"
    );
    assert!(!text.contains('{'), "{text}");
    // {opens} in the language the shop's text is written in (no customer language known).
    assert!(text.contains(" at "), "{text}");
    // It waits in the outbox like any reply, marked automated, and does not answer.
    let queue = store.outbox_queue(account).unwrap();
    assert_eq!(queue.len(), 1);
    assert!(queue[0].automated && queue[0].now_blocked.is_none());
    assert!(store.conversation(chat).unwrap().waiting_since.is_some());

    assert!(write(&store, account, asks("42", "2", "Ci siete?")).is_empty());
    // The same message again (a redelivery) decides nothing either.
    assert!(write(&store, account, asks("42", "1", "Buongiorno")).is_empty());
    assert_eq!(automated_in(&store, chat).len(), 1);
    // Another customer gets theirs.
    assert_eq!(write(&store, account, asks("7", "1", "Hello")).len(), 1);
}

#[test]
fn nothing_while_open_and_nothing_without_hours() {
    let (_d, store) = temp_store();
    let account = account_on(&store, ChannelKind::Whatsapp);
    away(&store);
    assert!(
        write(&store, account, asks("1", "1", "hi")).is_empty(),
        "no hours set"
    );
    record(
        &store,
        ShopChange::HoursSet {
            hours: hours(false),
        },
    );
    assert!(
        write(&store, account, asks("1", "2", "hi")).is_empty(),
        "open"
    );
    // Closing early today, a minute after midnight: closed now.
    let mut early = hours(false);
    early.closing_early = Some(ClosingEarly {
        date: today().to_string(),
        at: "00:01".into(),
    });
    record(&store, ShopChange::HoursSet { hours: early });
    if jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .hour()
        > 0
    {
        assert_eq!(write(&store, account, asks("1", "3", "hi")).len(), 1);
    }
}

#[test]
fn a_person_answering_or_a_chat_just_done_stops_it() {
    let (_d, store, account) = closed_shop(ChannelKind::Whatsapp);
    // The shop replied to this customer a minute ago (from Sportello).
    let chat = {
        record(
            &store,
            ShopChange::AutoMessageSet {
                which: AutoKind::Away,
                message: AutoMessage::default(),
            },
        );
        let stored = store
            .ingest(
                account,
                "updates",
                &InboundBatch {
                    events: vec![Inbound::Message(customer_msg(
                        "5",
                        "1",
                        "hi",
                        now_ms() - 120_000,
                    ))],
                    cursor: None,
                },
            )
            .unwrap();
        away(&store);
        stored.messages[0].0
    };
    store.enqueue(chat, "Eccomi!", None).unwrap();
    assert!(write(&store, account, asks("5", "2", "grazie")).is_empty());

    // Marked done by a person just now: no away message to the thank-you that follows.
    let (_d2, store, account) = closed_shop(ChannelKind::Whatsapp);
    record(
        &store,
        ShopChange::AutoMessageSet {
            which: AutoKind::Away,
            message: AutoMessage::default(),
        },
    );
    let chat = write(
        &store,
        account,
        customer_msg("6", "1", "hi", now_ms() - 60_000),
    );
    assert!(chat.is_empty());
    let chat = store.conversations(10).unwrap()[0].id;
    let key = store.conversation_key(chat).unwrap();
    record(
        &store,
        ShopChange::StatusSet {
            conversation: key,
            status: ConversationStatus::Done,
            until_ms: None,
            unless_reply: false,
            follow_up: false,
        },
    );
    away(&store);
    assert!(write(&store, account, asks("6", "2", "grazie")).is_empty());
}

#[test]
fn never_in_a_group_nor_through_a_business_chat_without_the_right_to_reply() {
    let (_d, store, account) = closed_shop(ChannelKind::Telegram);
    let mut group = asks("-100", "1", "ciao a tutti");
    group.conversation.kind = ConversationKind::Group;
    assert!(write(&store, account, group).is_empty());

    let mut business = asks("77", "1", "ciao");
    business.business_connection_id = Some("conn".into());
    store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events: vec![Inbound::BusinessConnection(
                    crate::inbound::BusinessConnection {
                        connection_id: "conn".into(),
                        owner: crate::inbound::RemoteContact {
                            remote_id: "900".into(),
                            display_name: "Owner".into(),
                            username: None,
                            phone: None,
                            language: None,
                        },
                        can_reply: false,
                        is_enabled: true,
                    },
                )],
                cursor: None,
            },
        )
        .unwrap();
    assert!(write(&store, account, business).is_empty());
}

#[test]
fn the_customers_language_decides_the_text() {
    let (_d, store, account) = closed_shop(ChannelKind::Telegram);
    let mut m = asks("42", "1", "ciao");
    m.sender.as_mut().unwrap().display_name = "Giulia Bianchi".into();
    m.sender.as_mut().unwrap().language = Some("it".into());
    let chat = write(&store, account, m)[0].0;
    let text = &automated_in(&store, chat)[0].text;
    assert!(text.starts_with("Ciao Giulia, riapriamo "), "{text}");
    assert!(text.contains(" alle "), "{text}");
}

#[test]
fn greeting_on_the_first_message_ever_and_after_days_without_contact() {
    let (_d, store) = temp_store();
    let account = account_on(&store, ChannelKind::Messenger);
    record(
        &store,
        ShopChange::AutoMessageSet {
            which: AutoKind::Greeting,
            message: AutoMessage {
                on: true,
                text: "Welcome to {shop}!".into(),
                after_days: Some(14),
                ..Default::default()
            },
        },
    );
    let greeted = write(&store, account, asks("1", "1", "hi"));
    assert_eq!(greeted.len(), 1);
    assert_eq!(
        automated_in(&store, greeted[0].0)[0].text,
        "Welcome to Bakery!"
    );
    assert!(write(&store, account, asks("1", "2", "hi again")).is_empty());

    // A customer last heard from 20 days ago, writing now (two messages at once).
    let old = customer_msg("2", "1", "old", now_ms() - 20 * 86_400_000);
    store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events: vec![Inbound::Backfill(old)],
                cursor: None,
            },
        )
        .unwrap();
    let stored = store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events: vec![
                    Inbound::Message(asks("2", "2", "back again")),
                    Inbound::Message(asks("2", "3", "anyone?")),
                ],
                cursor: None,
            },
        )
        .unwrap();
    assert_eq!(stored.automated.len(), 1);
    // Seven days later would be too soon with 14 days chosen.
    let recent = customer_msg("3", "1", "old", now_ms() - 7 * 86_400_000);
    store
        .ingest(
            account,
            "updates",
            &InboundBatch {
                events: vec![Inbound::Backfill(recent)],
                cursor: None,
            },
        )
        .unwrap();
    assert!(write(&store, account, asks("3", "2", "hello")).is_empty());
}

#[test]
fn faq_answers_one_card_once_a_day_and_only_when_on() {
    let (_d, store) = temp_store();
    let account = account_on(&store, ChannelKind::Whatsapp);
    for (id, keywords, answer) in [
        ("hours", "orari,quando aprite,opening hours", "Open 8-13"),
        ("where", "dove siete,indirizzo", "Via Roma 1"),
    ] {
        record(
            &store,
            ShopChange::FaqCardSaved {
                card: FaqCard {
                    id: id.into(),
                    keywords: keywords.split(',').map(Into::into).collect(),
                    answer: answer.into(),
                    attachment: None,
                    attachment_name: None,
                },
            },
        );
    }
    assert!(
        write(&store, account, asks("1", "1", "Quali sono gli orari?")).is_empty(),
        "off"
    );
    record(&store, ShopChange::FaqSwitched { on: true });
    let answered = write(&store, account, asks("1", "2", "Quando aprite?"));
    assert_eq!(answered.len(), 1);
    assert_eq!(automated_in(&store, answered[0].0)[0].text, "Open 8-13");
    assert!(
        write(&store, account, asks("1", "3", "orari?")).is_empty(),
        "once a day"
    );
    assert_eq!(
        write(&store, account, asks("1", "4", "Dove siete?")).len(),
        1
    );
    assert!(
        write(
            &store,
            account,
            asks("2", "1", "orari e indirizzo? dove siete")
        )
        .is_empty(),
        "two cards: no answer"
    );
}

#[test]
fn an_automatic_message_past_the_standard_window_is_blocked_as_it_leaves() {
    let (_d, store, account) = closed_shop(ChannelKind::Messenger);
    store.set_human_agent(account, true).unwrap();
    let chat = write(&store, account, asks("9", "1", "ciao"))[0].0;
    // The app stayed closed two days: the customer's message is now 48 hours old.
    store
        .write(|tx| {
            tx.execute(
                "UPDATE conversations SET last_customer_message_at = ?2 WHERE id = ?1",
                rusqlite::params![chat, now_ms() - 48 * 3_600_000],
            )?;
            Ok(())
        })
        .unwrap();
    let queue = store.outbox_queue(account).unwrap();
    assert_eq!(
        queue[0].now_blocked,
        Some(crate::model::ReplyBlock::WindowExpired)
    );
    assert!(!queue[0].after_standard_window, "never under HUMAN_AGENT");
}
