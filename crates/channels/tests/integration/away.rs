//! Opening hours in the conformance suite: the away message on every channel, once per closed
//! stretch, never over a person's reply, never twice when its fate is unknown.

use sportello_core::model::{
    AutoKind, AutoMessage, ClosedDates, MessageStatus, MessageView, OpeningHours,
};
use sportello_core::Inbox;

use crate::platform::Platform;
use crate::suite::{arrives, gone_out, replied, sync_once, with_text};

pub const AWAY: &str = "Siamo chiusi, ti rispondiamo appena riapriamo.";

/// Hours set (every day, all day, in UTC) and, with `closed`, closed from today for years: the
/// away message on.
pub async fn set_hours(inbox: &Inbox, closed: bool) {
    let mut hours = OpeningHours {
        week: sportello_core::hours::spec::parse_week("mon-sun 00:00-24:00").unwrap(),
        timezone: Some("UTC".into()),
        ..OpeningHours::default()
    };
    if closed {
        hours.closed.push(ClosedDates {
            from: sportello_core::hours::today(&hours).unwrap(),
            until: "2099-12-31".into(),
            note: Some("Chiuso per ferie".into()),
        });
    }
    let now = inbox.set_opening_hours(hours).await.unwrap();
    assert_eq!(now.open_now, !closed, "{now:?}");
    inbox
        .set_auto_message(
            AutoKind::Away,
            AutoMessage {
                on: true,
                text: AWAY.into(),
                ..AutoMessage::default()
            },
        )
        .await
        .unwrap();
}

/// How many times the platform got the away message.
async fn aways_sent<P: Platform>(p: &P) -> usize {
    p.sent_texts().await.iter().filter(|t| *t == AWAY).count()
}

pub async fn away_once_per_closed_stretch<P: Platform>() {
    let p = P::open().await;
    set_hours(p.inbox(), true).await;
    p.customer_writes("Siete aperti?").await;
    let chat = arrives(&p, "Siete aperti?").await;
    // The pass that stored the question queued the answer; the next one surely sent it.
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    assert_eq!(aways_sent(&p).await, 1, "{:?}", p.sent_texts().await);
    let messages = p.inbox().messages(chat, 50, None).await.unwrap();
    let away = with_text(&messages, AWAY);
    assert_eq!(away.len(), 1, "{messages:?}");
    assert!(away[0].automated && gone_out(away[0]), "{:?}", away[0]);
    // Automatic messages do not answer: the customer still waits on a person.
    let summary = p.inbox().conversation(chat).await.unwrap();
    assert!(summary.waiting_since.is_some(), "{summary:?}");

    p.customer_writes("Pronto?").await;
    arrives(&p, "Pronto?").await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    assert_eq!(aways_sent(&p).await, 1, "once per closed stretch");
}

pub async fn no_away_while_open_or_answering<P: Platform>() {
    let p = P::open().await;
    set_hours(p.inbox(), false).await;
    p.customer_writes("Avete le brioche?").await;
    let chat = arrives(&p, "Avete le brioche?").await;
    replied(&p, chat, "Sì, appena sfornate").await;
    assert_eq!(aways_sent(&p).await, 0, "open: no away message");
    // Closed now, but a person just replied: they are answering this customer.
    set_hours(p.inbox(), true).await;
    p.customer_writes("Grazie, passo dopo").await;
    arrives(&p, "Grazie, passo dopo").await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    assert_eq!(aways_sent(&p).await, 0, "{:?}", p.sent_texts().await);
}

pub async fn away_of_unknown_fate_not_resent<P: Platform>() {
    let mut p = P::open().await;
    set_hours(p.inbox(), true).await;
    p.lose_next_answer().await;
    p.customer_writes("C'è qualcuno?").await;
    let chat = arrives(&p, "C'è qualcuno?").await;
    for done in sync_once(p.inbox()).await {
        let _ = done.result;
    }
    assert_eq!(aways_sent(&p).await, 1, "it went, but the app was not told");
    let away_id = |messages: Vec<MessageView>| {
        messages
            .into_iter()
            .find(|m| m.automated && m.remote_id.is_none())
            .map(|m| (m.id, m.status))
    };
    let (id, status) = away_id(p.inbox().messages(chat, 50, None).await.unwrap())
        .expect("the away message, as the app knows it");
    assert_eq!(status, MessageStatus::Unknown);
    // After a restart and more passes, and a new question in the same closed stretch.
    p.reopen();
    p.customer_writes("Ci siete?").await;
    arrives(&p, "Ci siete?").await;
    for done in sync_once(p.inbox()).await {
        done.result.unwrap();
    }
    assert_eq!(aways_sent(&p).await, 1, "{:?}", p.sent_texts().await);
    assert_eq!(
        p.inbox().message(id).await.unwrap().status,
        MessageStatus::Unknown,
        "shown as unknown, never resent on its own"
    );
}
