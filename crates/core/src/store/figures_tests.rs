//! Reply figures from a real cache: first replies counted only in opening hours, automatic
//! messages answering nobody, after-hours questions answered by 10:00, and the heat map.

use super::*;
use crate::inbound::Inbound;
use crate::model::{Direction, OpeningHours, ShopChange};
use crate::store::test_support::{account_on, customer_msg, ingest_events, record, temp_store};

fn rome(text: &str) -> i64 {
    let dt: jiff::civil::DateTime = text.parse().unwrap();
    dt.to_zoned(jiff::tz::TimeZone::get("Europe/Rome").unwrap())
        .unwrap()
        .timestamp()
        .as_millisecond()
}

fn ingest(store: &Store, account: i64, events: Vec<Inbound>) {
    ingest_events(store, account, events);
}

fn customer(chat: &str, id: &str, at: &str) -> Inbound {
    Inbound::Backfill(customer_msg(chat, id, "?", rome(at)))
}

fn shop(chat: &str, id: &str, at: &str) -> Inbound {
    let mut m = customer_msg(chat, id, "!", rome(at));
    m.direction = Direction::Out;
    m.sender = None;
    Inbound::Backfill(m)
}

#[test]
fn first_replies_count_only_opening_hours() {
    let (_d, store) = temp_store();
    record(
        &store,
        ShopChange::HoursSet {
            hours: OpeningHours {
                week: crate::hours::spec::parse_week("mon-fri 08:00-13:00,15:30-19:30").unwrap(),
                timezone: Some("Europe/Rome".into()),
                ..Default::default()
            },
        },
    );
    let telegram = account_on(&store, crate::model::ChannelKind::Telegram);
    let whatsapp = account_on(&store, crate::model::ChannelKind::Whatsapp);
    // Monday 22:00, answered Tuesday 8:05: 5 minutes. A second message before the reply is
    // the same question.
    ingest(
        &store,
        telegram,
        vec![
            customer("a", "1", "2026-11-02T22:00"),
            customer("a", "2", "2026-11-02T22:10"),
            shop("a", "3", "2026-11-03T08:05"),
            // Tuesday 10:00, answered 10:20: 20 minutes.
            customer("a", "4", "2026-11-03T10:00"),
            shop("a", "5", "2026-11-03T10:20"),
        ],
    );
    // WhatsApp: Wednesday 12:50 answered 15:40 (20 open minutes); Thursday 9:00 still waiting.
    ingest(
        &store,
        whatsapp,
        vec![
            customer("b", "1", "2026-11-04T12:50"),
            shop("b", "2", "2026-11-04T15:40"),
            customer("b", "3", "2026-11-05T09:00"),
        ],
    );
    // An automatic message answers nobody: this question is answered at 11:00, not 9:01.
    ingest(
        &store,
        whatsapp,
        vec![customer("c", "1", "2026-11-05T09:00")],
    );
    let chat_c = store
        .conversations(10)
        .unwrap()
        .into_iter()
        .find(|c| c.title == "Customer c")
        .unwrap()
        .id;
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO messages (account_id, conversation_id, direction, text, sent_at,
                                       stored_at, status, automated)
                 VALUES (?1, ?2, 'out', 'away', ?3, ?3, 'sent', 1)",
                rusqlite::params![whatsapp, chat_c, rome("2026-11-05T09:01")],
            )?;
            Ok(())
        })
        .unwrap();
    ingest(&store, whatsapp, vec![shop("c", "2", "2026-11-05T11:00")]);

    let f = store.figures(7, rome("2026-11-06T12:00")).unwrap();
    assert_eq!(f.overall.answered, 4);
    // 300, 1200, 1200, 7200 s: median (nearest rank) 1200, p90 7200.
    assert_eq!(f.overall.first_reply_median_s, Some(1200));
    assert_eq!(f.overall.first_reply_p90_s, Some(7200));
    let telegram = f
        .channels
        .iter()
        .find(|c| c.channel.as_str() == "telegram")
        .unwrap();
    assert_eq!(telegram.figures.answered, 2);
    assert_eq!(telegram.figures.first_reply_median_s, Some(300));
    // One question after hours (Monday 22:00), answered by 10:00 Tuesday.
    assert_eq!((f.after_hours, f.after_hours_answered_by_ten), (1, 1));
    // Incoming messages: Monday 22:00 and 22:10 in the Monday 22 cell.
    assert_eq!(f.heat[0][22], 2);
    assert_eq!(f.heat[3][9], 2);
    let total: u32 = f.heat.iter().flatten().sum();
    assert_eq!(total, 6);
    // A day back sees only Thursday and Friday.
    let f = store.figures(1, rome("2026-11-06T12:00")).unwrap();
    assert_eq!(f.overall.answered, 0);
}

#[test]
fn a_reply_in_the_same_second_as_the_question_answers_it() {
    let (_d, store) = temp_store();
    let account = account_on(&store, crate::model::ChannelKind::Telegram);
    ingest(
        &store,
        account,
        vec![
            customer("a", "1", "2026-11-02T10:00:00"),
            shop("a", "2", "2026-11-02T10:00:00"),
        ],
    );
    let f = store.figures(7, rome("2026-11-03T00:00")).unwrap();
    assert_eq!(f.overall.answered, 1);
    assert_eq!(f.overall.first_reply_median_s, Some(0));
}

#[test]
fn without_hours_every_minute_counts() {
    let (_d, store) = temp_store();
    let account = account_on(&store, crate::model::ChannelKind::Telegram);
    ingest(
        &store,
        account,
        vec![
            customer("a", "1", "2026-11-02T22:00"),
            shop("a", "2", "2026-11-03T08:05"),
        ],
    );
    let f = store.figures(30, rome("2026-11-04T00:00")).unwrap();
    assert_eq!(f.overall.first_reply_median_s, Some(10 * 3600 + 5 * 60));
    assert_eq!(f.after_hours, 0);
}
