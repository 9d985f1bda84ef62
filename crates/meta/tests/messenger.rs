//! Messenger end to end: authentic payloads through the real receiver, a laptop closed all
//! weekend caught up by reading the Page's inbox back, watermarks, and the reply windows.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use sportello_core::model::{Direction, MessageStatus, ReplyBlock, ReplyWindow};
use sportello_core::Error;
use sportello_sim::messenger::FbCustomer;
use sportello_sim::MessengerOptions;

const DAY_MS: i64 = 24 * 3600 * 1000;

fn page(page_id: &str) -> MessengerOptions {
    MessengerOptions {
        page_id: page_id.into(),
        ..MessengerOptions::default()
    }
}

fn now_ms() -> i64 {
    sportello_sim::messenger::now_ms()
}

/// The Page's own earlier message `mid` to `customer`, written at `at_ms` (an echo).
fn echo(page_id: &str, customer: &str, mid: &str, at_ms: i64) -> Vec<u8> {
    serde_json::to_vec(
        &json!({ "object": "page", "entry": [{ "id": page_id, "time": at_ms, "messaging": [{
        "sender": { "id": page_id }, "recipient": { "id": customer }, "timestamp": at_ms,
        "message": { "mid": mid, "is_echo": true, "text": "Ordine pronto" } }] }] }),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_authentic_payload_lands_right() {
    // (file, the Page id it names, expected kind and direction of the one stored message)
    let messages = [
        (
            "webhook_message_text.json",
            "PAGE_ID",
            "text",
            Direction::In,
            Some("hello, text message world!"),
        ),
        (
            "webhook_message_attachments_image_fallback_location.json",
            "PAGE_ID",
            "photo",
            Direction::In,
            None,
        ),
        (
            "webhook_message_quick_reply.json",
            "PAGE_ID",
            "quick_reply",
            Direction::In,
            Some("hello, world!"),
        ),
        (
            "webhook_message_echo_text.json",
            "PAGE_ID",
            "text",
            Direction::Out,
            Some("hello, text message world!"),
        ),
        (
            "webhook_message_echo_template.json",
            "171999997131834678",
            "template",
            Direction::Out,
            Some("Samsung Gear VR, Oculus Rift"),
        ),
        (
            "webhook_messaging_postbacks.json",
            "PAGE_ID",
            "postback",
            Direction::In,
            Some("<TITLE_FOR_THE_CTA>"),
        ),
        (
            "webhook_messaging_postbacks_with_referral.json",
            "PAGE_ID",
            "postback",
            Direction::In,
            Some("<TITLE_FOR_THE_CTA>"),
        ),
        (
            "webhook_referral_ads.json",
            "<PAGE_ID>",
            "referral",
            Direction::In,
            None,
        ),
        (
            "webhook_referral_m_me.json",
            "<PAGE_ID>",
            "referral",
            Direction::In,
            None,
        ),
    ];
    for (file, page_id, kind, direction, text) in messages {
        let shop = page_shop(page(page_id), false).await;
        assert_eq!(
            post_signed(&shop, messenger_fixture(file)).await,
            200,
            "{file}"
        );
        shop.sync_once().await;
        let chats = shop.conversations().await;
        assert_eq!(chats.len(), 1, "{file}");
        assert!(!chats[0].title.is_empty(), "{file}: the chat has a title");
        let stored = shop.messages(chats[0].id).await;
        assert_eq!(stored.len(), 1, "{file}");
        assert_eq!(stored[0].kind, kind, "{file}");
        assert_eq!(stored[0].direction, direction, "{file}");
        if let Some(text) = text {
            assert_eq!(stored[0].text, text, "{file}");
        }
        if file.contains("image_fallback_location") {
            let kinds: Vec<&str> = stored[0]
                .attachments
                .iter()
                .map(|a| a.kind.as_str())
                .collect();
            assert_eq!(kinds, ["photo", "link", "location"]);
        }
        if kind == "referral" {
            assert_eq!(
                chats[0].unread, 0,
                "{file}: where a customer came from is not a message to answer"
            );
        }
    }

    // Deliveries and reads: watermarks over the Page's earlier message.
    for (file, status) in [
        ("webhook_message_deliveries.json", MessageStatus::Delivered),
        ("webhook_message_reads.json", MessageStatus::Read),
    ] {
        let shop = page_shop(page("PAGE_ID"), false).await;
        let earlier = echo(
            "PAGE_ID",
            "USER_ID",
            "mid.1458668856218:ed81099e15d3f4f233",
            1_458_668_856_000,
        );
        assert_eq!(post_signed(&shop, earlier).await, 200);
        assert_eq!(
            post_signed(&shop, messenger_fixture(file)).await,
            200,
            "{file}"
        );
        shop.sync_once().await;
        let chat = shop.conversations().await[0].id;
        assert_eq!(shop.messages(chat).await[0].status, status, "{file}");
    }

    let shop = page_shop(page("PAGE_ID"), false).await;
    assert_eq!(
        post_signed(
            &shop,
            messenger_fixture("webhook_unsupported_event_type.json")
        )
        .await,
        200
    );
    shop.sync_once().await;
    assert!(
        shop.conversations().await.is_empty(),
        "an unknown event type is not a message"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_laptop_closed_all_weekend_gets_every_message_once_in_order() {
    let shop = page_shop(MessengerOptions::default(), false).await;
    shop.sync_once().await; // the account was already syncing before the weekend

    // 500 messages from 10 customers while Sportello is off and no webhook can reach it.
    let customers: Vec<FbCustomer> = (0..10)
        .map(|i| FbCustomer::new(&format!("2400{i:02}"), &format!("Cliente {i}")))
        .collect();
    let start = now_ms() - 600_000;
    for i in 0..500 {
        let c = &customers[i % 10];
        shop.sim.messenger().customer_says(
            c,
            &format!("{} #{}", c.name, i / 10),
            Some(start + i as i64 * 1000),
        );
    }

    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox.start_sync(lock).await.unwrap();
    let count = |shop: &Shop| {
        let inbox = shop.inbox.clone();
        async move {
            let mut total = 0;
            for c in inbox.conversations(100).await.unwrap() {
                total += inbox.messages(c.id, 1000, None).await.unwrap().len();
            }
            total
        }
    };
    eventually("all 500 read back from the inbox", || async {
        (count(&shop).await == 500).then_some(())
    })
    .await;
    let chats = shop.conversations().await;
    assert_eq!(chats.len(), 10);
    for chat in &chats {
        assert!(
            chat.title.starts_with("Cliente "),
            "named from the inbox: {}",
            chat.title
        );
        assert_eq!(chat.unread, 50, "news, not history");
        let numbers: Vec<usize> = shop
            .messages(chat.id)
            .await
            .iter()
            .map(|m| m.text.rsplit('#').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (0..50).collect::<Vec<_>>(),
            "{} in order",
            chat.title
        );
    }

    // Monday: the tunnel is back and Meta delivers the whole weekend late. Nothing changes.
    shop.sim.messenger().set_webhook(Some(shop.webhook_url()));
    eventually("the late deliveries are taken", || async {
        let (acknowledged, waiting, _) = shop.sim.messenger().delivery_counts();
        (acknowledged >= 500 && waiting == 0).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        count(&shop).await,
        500,
        "stored once, whichever way they came"
    );
    for chat in shop.conversations().await {
        assert_eq!(chat.unread, 50);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_watermark_reads_every_earlier_reply() {
    let shop = page_shop(MessengerOptions::default(), true).await;
    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox.start_sync(lock).await.unwrap();
    let giulia = FbCustomer::new("7001", "Giulia Bianchi");
    shop.sim.messenger().customer_says(&giulia, "Ciao!", None);
    let chat = eventually("Giulia's chat", || async {
        shop.conversations().await.into_iter().next()
    })
    .await;
    assert_eq!(chat.title, "Giulia Bianchi");
    let picture = eventually("her profile picture, kept locally", || async {
        shop.conversations()
            .await
            .into_iter()
            .next()
            .and_then(|c| c.picture)
    })
    .await;
    assert_eq!(
        std::fs::read(&picture).unwrap(),
        sportello_sim::telegram::THUMBNAIL_PNG,
        "the picture's bytes"
    );
    assert!(
        picture.starts_with(shop.dir.path().to_str().unwrap()),
        "inside the data dir's media"
    );
    let mut replies = Vec::new();
    for text in ["Buongiorno", "Sì, abbiamo", "A presto"] {
        replies.push(
            shop.inbox
                .send_text(chat.id, text.into(), None)
                .await
                .unwrap()
                .remove(0)
                .id,
        );
    }
    eventually("all three sent", || async {
        let all = shop.messages(chat.id).await;
        replies
            .iter()
            .all(|id| {
                all.iter()
                    .any(|m| m.id == *id && m.status == MessageStatus::Sent)
            })
            .then_some(())
    })
    .await;
    shop.sim.messenger().customer_reads(&giulia.psid);
    eventually("the watermark reads them all", || async {
        let all = shop.messages(chat.id).await;
        replies
            .iter()
            .all(|id| {
                all.iter()
                    .any(|m| m.id == *id && m.status == MessageStatus::Read)
            })
            .then_some(())
    })
    .await;
    let all = shop.messages(chat.id).await;
    assert_eq!(
        all.len(),
        4,
        "the echoes of our own replies are not stored twice"
    );
    let sent = shop.sim.messenger().sent();
    assert!(sent
        .iter()
        .filter(|s| s.kind == "text")
        .all(|s| s.messaging_type.as_deref() == Some("RESPONSE")));

    shop.inbox.mark_read(chat.id).await.unwrap();
    shop.inbox.typing(chat.id).await.unwrap();
    eventually("seen and typing reach the customer", || async {
        let sent = shop.sim.messenger().sent();
        (sent.iter().any(|s| s.kind == "mark_seen") && sent.iter().any(|s| s.kind == "typing_on"))
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_after_a_day_need_the_human_agent_tag_and_stop_after_a_week() {
    let shop = page_shop(MessengerOptions::default(), true).await;
    let lock = shop.inbox.lock_sync().unwrap();
    shop.inbox.start_sync(lock).await.unwrap();
    let sim = shop.sim.messenger();
    let three_days = FbCustomer::new("8003", "Tre Giorni");
    let eight_days = FbCustomer::new("8008", "Otto Giorni");
    sim.customer_says(&three_days, "Avete il pane?", Some(now_ms() - 3 * DAY_MS));
    sim.customer_says(&eight_days, "Aperti domenica?", Some(now_ms() - 8 * DAY_MS));
    let chat_named = |name: &'static str| {
        let shop = &shop;
        async move {
            eventually(name, || async {
                shop.conversations()
                    .await
                    .into_iter()
                    .find(|c| c.title == name)
            })
            .await
        }
    };
    let three = chat_named("Tre Giorni").await;
    let eight = chat_named("Otto Giorni").await;
    for chat in [&three, &eight] {
        assert_eq!(
            chat.reply_window,
            ReplyWindow::Closed {
                reason: ReplyBlock::WindowExpired
            }
        );
        let refused = shop
            .inbox
            .send_text(chat.id, "Ci sei?".into(), None)
            .await
            .unwrap_err();
        assert!(matches!(
            refused,
            Error::ReplyWindowClosed(ReplyBlock::WindowExpired)
        ));
    }

    shop.inbox
        .set_human_agent(shop.account.id, true)
        .await
        .unwrap();
    let three = chat_named("Tre Giorni").await;
    assert!(matches!(three.reply_window, ReplyWindow::ClosesAt { .. }));
    let reply = shop
        .inbox
        .send_text(three.id, "Sì, fino alle 19".into(), None)
        .await
        .unwrap()
        .remove(0);
    eventually("sent with the tag", || async {
        shop.messages(three.id)
            .await
            .iter()
            .any(|m| m.id == reply.id && m.status == MessageStatus::Sent)
            .then_some(())
    })
    .await;
    let tagged = sim
        .sent()
        .into_iter()
        .find(|s| s.to == three_days.psid)
        .unwrap();
    assert_eq!(tagged.messaging_type.as_deref(), Some("MESSAGE_TAG"));
    assert_eq!(tagged.tag.as_deref(), Some("HUMAN_AGENT"));

    let refused = shop
        .inbox
        .send_text(eight.id, "Ci sei?".into(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::ReplyWindowClosed(_)),
        "after 7 days, not even a person"
    );
    assert!(sim.sent().iter().all(|s| s.to != eight_days.psid));
}
