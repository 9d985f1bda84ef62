//! Messenger's replies: read watermarks that read every earlier reply, and the reply windows
//! (24 hours, the HUMAN_AGENT tag up to 7 days).

use crate::common::*;
use sportello_core::model::{MessageStatus, ReplyBlock, ReplyWindow};
use sportello_core::Error;
use sportello_sim::messenger::FbCustomer;
use sportello_sim::MessengerOptions;

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
