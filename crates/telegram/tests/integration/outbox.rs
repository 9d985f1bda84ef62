//! The outbox against the simulator: replies typed offline, unknown fates, rate limits,
//! refusals and long replies. Nothing sent twice, nothing lost, order kept per chat.

use crate::common::*;
use sportello_core::model::MessageStatus;
use std::time::Duration;

use sportello_sim::telegram::{Customer, Faults};

#[tokio::test(flavor = "multi_thread")]
async fn a_send_of_unknown_fate_is_never_resent() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let msg = shop.reply(conv, "Confermo l'ordine").await;
    sim.telegram().set_faults(Faults {
        fail_next: 1,
        status: 502,
        retry_after: None,
        ..Default::default()
    });
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop
        .inbox
        .flush_outbox(&lock, msg.account_id)
        .await
        .unwrap();
    assert_eq!(pass.failed, 1);
    assert_eq!(status_of(&shop, conv, msg.id).await, MessageStatus::Unknown);
    let again = shop
        .inbox
        .flush_outbox(&lock, msg.account_id)
        .await
        .unwrap();
    assert_eq!((again.sent, again.failed), (0, 0));
    assert!(
        sim.telegram().sent().is_empty(),
        "an unknown fate must not be retried silently"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_typed_offline_wait_and_go_out_once_when_back() {
    let sim = sim_on(0).await;
    let port: u16 = sim.url().rsplit(':').next().unwrap().parse().unwrap();
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    drop(sim);
    tokio::time::sleep(Duration::from_millis(100)).await;

    let first = shop.reply(conv, "uno").await;
    let second = shop.reply(conv, "due").await;
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop
        .inbox
        .flush_outbox(&lock, first.account_id)
        .await
        .unwrap();
    assert!(pass.stopped_by.is_some_and(|e| e.code() == "Offline"));
    assert_eq!(
        status_of(&shop, conv, first.id).await,
        MessageStatus::Pending
    );
    assert_eq!(
        status_of(&shop, conv, second.id).await,
        MessageStatus::Pending
    );
    assert_eq!(shop.inbox.outbox_len().await.unwrap(), 2);

    let back = sim_on(port).await;
    back.telegram().know_customer(&marco());
    let pass = shop
        .inbox
        .flush_outbox(&lock, first.account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 2);
    let texts: Vec<_> = back.telegram().sent().into_iter().map(|m| m.text).collect();
    assert_eq!(texts, ["uno", "due"], "in the order typed, each once");
    assert_eq!(shop.inbox.outbox_len().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limit_holds_the_conversation_back_until_retry_after() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let a = shop.reply(conv, "primo").await;
    shop.reply(conv, "secondo").await;
    sim.telegram().set_faults(Faults {
        fail_next: 1,
        status: 429,
        retry_after: Some(1),
        ..Default::default()
    });
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop.inbox.flush_outbox(&lock, a.account_id).await.unwrap();
    assert_eq!(pass.sent, 0, "the second must not overtake the first");
    assert!(pass.next_due_ms.is_some());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let pass = shop.inbox.flush_outbox(&lock, a.account_id).await.unwrap();
    assert_eq!(pass.sent, 2);
    let texts: Vec<_> = sim.telegram().sent().into_iter().map(|m| m.text).collect();
    assert_eq!(texts, ["primo", "secondo"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_message_fails_visibly_and_later_ones_still_go() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let refused = shop.reply(conv, "primo").await;
    let ok = shop.reply(conv, "secondo").await;
    // 403: the customer blocked the bot. Retrying will not help.
    sim.telegram().set_faults(Faults {
        fail_next: 1,
        status: 403,
        retry_after: None,
        ..Default::default()
    });
    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox.flush_outbox(&lock, ok.account_id).await.unwrap();
    let msgs = shop.inbox.messages(conv, 10, None).await.unwrap();
    let failed = msgs.iter().find(|m| m.id == refused.id).unwrap();
    assert_eq!(failed.status, MessageStatus::Failed);
    assert!(
        failed.error.as_deref().unwrap_or("").contains("403"),
        "{:?}",
        failed.error
    );
    assert_eq!(status_of(&shop, conv, ok.id).await, MessageStatus::Sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_reply_goes_out_in_parts_each_within_the_limit() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let paragraph = "Gentile cliente, ecco il nostro listino aggiornato. "
        .repeat(60)
        .trim_end()
        .to_owned();
    let text = format!("{paragraph}\n\n{paragraph}");
    let parts = shop
        .inbox
        .send_text(conv, text.clone(), None)
        .await
        .unwrap();
    assert_eq!(parts.len(), 2);
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop
        .inbox
        .flush_outbox(&lock, parts[0].account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 2);
    let sent: Vec<_> = sim.telegram().sent().into_iter().map(|m| m.text).collect();
    assert!(sent.iter().all(|t| t.encode_utf16().count() <= 4096));
    assert!(sent.join("\n\n") == text, "in order, nothing lost");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_replies_queued_offline_go_out_once_in_order_per_chat() {
    let sim = sim_on(0).await;
    let port: u16 = sim.url().rsplit(':').next().unwrap().parse().unwrap();
    let shop = shop(&sim).await;
    let customers: Vec<Customer> = (0..10)
        .map(|i| Customer::new(6000 + i, &format!("Cliente {i}")))
        .collect();
    for c in &customers {
        sim.telegram().customer_says(c, "ciao", None);
    }
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    let convs = shop.inbox.conversations(20).await.unwrap();
    drop(sim);

    let mut expected = std::collections::HashMap::new();
    for round in 0..10 {
        for conv in &convs {
            let text = format!("{} #{round}", conv.title);
            shop.inbox
                .send_text(conv.id, text.clone(), None)
                .await
                .unwrap();
            expected
                .entry(conv.title.clone())
                .or_insert_with(Vec::new)
                .push(text);
        }
    }
    let pass = shop
        .inbox
        .flush_outbox(&lock, convs[0].account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 0);
    assert_eq!(shop.inbox.outbox_len().await.unwrap(), 100);

    let back = sim_on(port).await;
    for c in &customers {
        back.telegram().know_customer(c);
    }
    let pass = shop
        .inbox
        .flush_outbox(&lock, convs[0].account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 100);
    assert_eq!(shop.inbox.outbox_len().await.unwrap(), 0);
    let sent = back.telegram().sent();
    assert_eq!(sent.len(), 100, "each exactly once");
    for c in &customers {
        let got: Vec<_> = sent
            .iter()
            .filter(|m| m.chat_id == c.chat_id)
            .map(|m| m.text.clone())
            .collect();
        assert_eq!(
            got, expected[&c.first_name],
            "in the order typed, for {}",
            c.first_name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_send_interrupted_mid_request_is_unknown_and_not_resent() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let msg = shop.reply(conv, "Ordine confermato").await;
    // Telegram carries it out, then the connection drops before the answer arrives.
    sim.telegram().set_faults(Faults {
        drop_after_send: 1,
        ..Default::default()
    });
    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox
        .flush_outbox(&lock, msg.account_id)
        .await
        .unwrap();
    let now = shop.inbox.message(msg.id).await.unwrap();
    assert_eq!(now.status, MessageStatus::Unknown);
    assert!(now.error.is_some(), "the chat says why");
    shop.inbox
        .flush_outbox(&lock, msg.account_id)
        .await
        .unwrap();
    assert_eq!(
        sim.telegram().sent().len(),
        1,
        "delivered once; never sent again by itself"
    );
}
