//! The Telegram channel against the simulator over real HTTP on 127.0.0.1.

use std::time::{Duration, Instant};

use sportello_core::inbound::Inbound;
use sportello_core::{Channel, ChannelError, OutgoingMessage, Sensitive};
use sportello_sim::telegram::Customer;
use sportello_sim::{Sim, SimOptions};
use sportello_telegram::TelegramChannel;

const TOKEN: &str = "4242:test-token";

async fn sim() -> Sim {
    Sim::start(SimOptions {
        telegram_token: TOKEN.into(),
        ..Default::default()
    })
    .await
    .unwrap()
}

fn channel(sim: &Sim, token: &str) -> TelegramChannel {
    TelegramChannel::new(Some(&sim.url()), &Sensitive::new(token.into())).unwrap()
}

fn giulia() -> Customer {
    Customer::new(501, "Giulia")
}

#[tokio::test]
async fn check_names_the_bot_and_a_wrong_token_is_unauthorized() {
    let sim = sim().await;
    let profile = channel(&sim, TOKEN).check().await.unwrap();
    assert_eq!(profile.display_name, "@sportello_sim_bot");
    let err = channel(&sim, "4242:wrong").check().await.unwrap_err();
    assert!(matches!(err, ChannelError::Unauthorized { .. }), "{err:?}");
    assert!(
        !err.to_string().contains("4242"),
        "errors must not carry the token: {err}"
    );
}

#[tokio::test]
async fn receive_confirms_with_the_cursor() {
    let sim = sim().await;
    let ch = channel(&sim, TOKEN);
    sim.telegram().customer_says(&giulia(), "uno", None);
    sim.telegram().customer_says(&giulia(), "due", None);
    let first = ch.receive(None, Duration::ZERO).await.unwrap();
    assert_eq!(first.events.len(), 2);
    let again = ch
        .receive(first.cursor.as_deref(), Duration::ZERO)
        .await
        .unwrap();
    assert!(
        again.events.is_empty(),
        "confirmed updates must not come back"
    );
    assert_eq!(again.cursor, first.cursor);
}

#[tokio::test]
async fn long_poll_returns_as_soon_as_a_customer_writes() {
    let sim = sim().await;
    let ch = channel(&sim, TOKEN);
    let tg = sim.telegram().clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        tg.customer_says(&giulia(), "ci sei?", None);
    });
    let started = Instant::now();
    let batch = ch.receive(None, Duration::from_secs(20)).await.unwrap();
    let Inbound::Message(m) = &batch.events[0] else {
        panic!("expected a message: {batch:?}")
    };
    assert_eq!(m.text, "ci sei?");
    // Not a timing assertion on speed: only that it did not sit out the whole 20 s poll.
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[tokio::test]
async fn send_reaches_the_customer_and_errors_are_sorted() {
    let sim = sim().await;
    let ch = channel(&sim, TOKEN);
    sim.telegram().customer_says(&giulia(), "ciao", None);
    let receipt = ch
        .send(&OutgoingMessage {
            conversation_remote_id: "501".into(),
            text: "Buongiorno!".into(),
            reply_to_remote_id: None,
            business_connection_id: None,
            file: None,
            template: None,
            after_standard_window: false,
        })
        .await
        .unwrap();
    let sent = sim.telegram().sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text, "Buongiorno!");
    assert_eq!(receipt.remote_id, format!("501:{}", sent[0].message_id));

    let to_nowhere = OutgoingMessage {
        conversation_remote_id: "999".into(),
        text: "x".into(),
        reply_to_remote_id: None,
        business_connection_id: None,
        file: None,
        template: None,
        after_standard_window: false,
    };
    assert!(matches!(
        ch.send(&to_nowhere).await.unwrap_err(),
        ChannelError::Rejected { .. }
    ));

    sim.telegram().set_faults(sportello_sim::telegram::Faults {
        fail_next: 1,
        status: 500,
        retry_after: None,
        ..Default::default()
    });
    let err = ch
        .send(&OutgoingMessage {
            conversation_remote_id: "501".into(),
            text: "again".into(),
            reply_to_remote_id: None,
            business_connection_id: None,
            file: None,
            template: None,
            after_standard_window: false,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, ChannelError::Uncertain { .. }),
        "a 5xx on send leaves its fate unknown: {err:?}"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_offline() {
    let sim = sim().await;
    let url = sim.url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let ch = TelegramChannel::new(Some(&url), &Sensitive::new(TOKEN.into())).unwrap();
    let err = ch.receive(None, Duration::ZERO).await.unwrap_err();
    assert!(matches!(err, ChannelError::Offline { .. }), "{err:?}");
}

#[test]
fn malformed_tokens_are_refused_before_any_request() {
    for bad in ["", "   ", "no-colon", "12:ab/../x", "12:a b"] {
        assert!(
            TelegramChannel::new(None, &Sensitive::new(bad.into())).is_err(),
            "{bad:?}"
        );
    }
}
