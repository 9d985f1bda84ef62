//! Messenger end to end: authentic payloads through the real receiver, and a laptop closed all
//! weekend caught up by reading the Page's inbox back.

use std::time::Duration;

use crate::common::*;
use sportello_core::model::{Direction, MessageStatus};
use sportello_sim::messenger::FbCustomer;
use sportello_sim::MessengerOptions;

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
