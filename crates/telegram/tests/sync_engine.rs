//! Core's sync engine and outbox driving the real Telegram channel against the simulator.
//! Demo accounts skip the keyring, so these run anywhere; the keyring has its own tests.

use std::time::Duration;

use sportello_core::model::{ChannelKind, MessageStatus};
use sportello_core::{AccountSecrets, CoreEvent, Inbox, NewAccount, DEMO_BOT_TOKEN};
use sportello_sim::telegram::{Customer, Faults};
use sportello_sim::{Sim, SimOptions};
use tokio::sync::broadcast::Receiver;

fn connect(
    c: &sportello_core::ChannelConfig,
) -> Result<std::sync::Arc<dyn sportello_core::Channel>, sportello_core::ChannelError> {
    sportello_telegram::TelegramChannel::connect(c)
}

async fn sim_on(port: u16) -> Sim {
    Sim::start(SimOptions {
        telegram_token: DEMO_BOT_TOKEN.into(),
        port,
        ..Default::default()
    })
    .await
    .unwrap()
}

fn marco() -> Customer {
    Customer {
        chat_id: 3301,
        first_name: "Marco".into(),
        last_name: Some("Verdi".into()),
        username: None,
    }
}

struct Shop {
    _dir: tempfile::TempDir,
    inbox: Inbox,
}

async fn shop(sim: &Sim) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let inbox = Inbox::open(dir.path(), connect).unwrap();
    inbox
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name: "Test shop".into(),
            api_base: Some(sim.url()),
            secrets: AccountSecrets::default(),
            is_demo: true,
        })
        .await
        .unwrap();
    Shop { _dir: dir, inbox }
}

/// A chat with Marco, synced once so the conversation exists.
async fn chat_with_marco(sim: &Sim, shop: &Shop) -> i64 {
    sim.telegram().customer_says(&marco(), "Buonasera", None);
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    shop.inbox.conversations(10).await.unwrap()[0].id
}

async fn next_matching(
    events: &mut Receiver<CoreEvent>,
    what: &str,
    pred: impl Fn(&CoreEvent) -> bool,
) -> CoreEvent {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let e = events.recv().await.expect("bus open");
            if pred(&e) {
                return e;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no event: {what}"))
}

async fn status_of(shop: &Shop, conv: i64, id: i64) -> MessageStatus {
    let msgs = shop.inbox.messages(conv, 100, None).await.unwrap();
    msgs.iter().find(|m| m.id == id).unwrap().status
}

#[tokio::test(flavor = "multi_thread")]
async fn live_sync_pushes_new_messages_and_sends_replies() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let mut events = shop.inbox.subscribe();
    shop.inbox
        .start_sync(shop.inbox.lock_sync().unwrap())
        .await
        .unwrap();

    sim.telegram()
        .customer_says(&marco(), "Avete i cornetti?", None);
    let added = next_matching(&mut events, "messages added", |e| {
        matches!(e, CoreEvent::MessagesAdded { .. })
    })
    .await;
    let CoreEvent::MessagesAdded { conversations, .. } = added else {
        unreachable!()
    };
    let conv = conversations[0];

    let queued = shop
        .inbox
        .send_text(conv, "Sì, appena sfornati!".into(), None)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        queued.status,
        MessageStatus::Pending,
        "shown at once, before the network"
    );
    next_matching(&mut events, "reply sent", |e| {
        matches!(e, CoreEvent::MessageChanged { message } if message.id == queued.id && message.status == MessageStatus::Sent)
    })
    .await;
    assert_eq!(sim.telegram().sent().len(), 1);
    shop.inbox.stop_sync().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_send_of_unknown_fate_is_never_resent() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let msg = shop
        .inbox
        .send_text(conv, "Confermo l'ordine".into(), None)
        .await
        .unwrap()
        .remove(0);
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

    let first = shop
        .inbox
        .send_text(conv, "uno".into(), None)
        .await
        .unwrap()
        .remove(0);
    let second = shop
        .inbox
        .send_text(conv, "due".into(), None)
        .await
        .unwrap()
        .remove(0);
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
    let a = shop
        .inbox
        .send_text(conv, "primo".into(), None)
        .await
        .unwrap()
        .remove(0);
    shop.inbox
        .send_text(conv, "secondo".into(), None)
        .await
        .unwrap()
        .remove(0);
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
    let refused = shop
        .inbox
        .send_text(conv, "primo".into(), None)
        .await
        .unwrap()
        .remove(0);
    let ok = shop
        .inbox
        .send_text(conv, "secondo".into(), None)
        .await
        .unwrap()
        .remove(0);
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
async fn business_chat_end_to_end() {
    use sportello_core::model::ReplyWindow;
    use sportello_sim::telegram::BusinessAccount;
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let tg = sim.telegram();
    let owner = Customer::new(4400, "Mario");
    let mut business = BusinessAccount {
        id: "biz-1".into(),
        owner,
        can_reply: true,
        is_enabled: true,
    };
    tg.connect_business(&business);
    let (_, first) = tg.customer_says_to_business("biz-1", &marco(), "Salve, è aperto domenica?");
    tg.owner_says("biz-1", &marco(), "Sì, fino alle 13!")
        .unwrap();
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }

    let account = &shop.inbox.accounts().await.unwrap()[0];
    assert_eq!(account.business_links[0].owner_name, "Mario");
    let conv = shop.inbox.conversations(10).await.unwrap().remove(0);
    assert!(conv.business);
    assert!(
        matches!(conv.reply_window, ReplyWindow::ClosesAt { .. }),
        "{:?}",
        conv.reply_window
    );
    assert_eq!(conv.unread, 1, "the owner's own answer is not unread");
    let msgs = shop.inbox.messages(conv.id, 10, None).await.unwrap();
    let dirs: Vec<_> = msgs.iter().map(|m| m.direction.as_str()).collect();
    assert_eq!(
        dirs,
        ["in", "out"],
        "what the owner wrote from the phone is the shop's"
    );

    // The reply goes out with the business connection, as a reply to the customer's message.
    let reply = shop
        .inbox
        .send_text(conv.id, "Vi aspettiamo!".into(), Some(msgs[0].id))
        .await
        .unwrap()
        .remove(0);
    shop.inbox
        .flush_outbox(&lock, reply.account_id)
        .await
        .unwrap();
    let sent = tg.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].business_connection_id.as_deref(), Some("biz-1"));
    assert_eq!(sent[0].reply_to_message_id, Some(first));

    // Edits and deletions reach the history; deleted messages stay, marked.
    tg.edit(
        &marco(),
        first,
        "Salve, è aperto domenica mattina?",
        Some("biz-1"),
    );
    tg.delete_business_messages("biz-1", &marco(), &[first]);
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    let m = shop.inbox.message(msgs[0].id).await.unwrap();
    assert_eq!(m.text, "Salve, è aperto domenica mattina?");
    assert!(m.edited && m.deleted);

    // The owner revokes the bot's right to reply: the composer state says so and nothing is queued.
    business.can_reply = false;
    tg.connect_business(&business);
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    let conv = shop.inbox.conversations(10).await.unwrap().remove(0);
    assert!(matches!(conv.reply_window, ReplyWindow::Closed { .. }));
    let refused = shop
        .inbox
        .send_text(conv.id, "ancora?".into(), None)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "ReplyWindowClosed");
    let account = &shop.inbox.accounts().await.unwrap()[0];
    assert!(
        !account.business_links[0].can_reply,
        "the account shows the revoked right"
    );
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
    let msg = shop
        .inbox
        .send_text(conv, "Ordine confermato".into(), None)
        .await
        .unwrap()
        .remove(0);
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

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_deliveries_and_dropped_polls_store_each_message_once() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    sim.telegram().set_faults(Faults {
        duplicate_next: 5,
        drop_before: 2,
        ..Default::default()
    });
    for i in 0..5 {
        sim.telegram()
            .customer_says(&marco(), &format!("msg {i}"), None);
    }
    let lock = shop.inbox.lock_sync().unwrap();
    // The first two polls lose their connection; sync reports it and the next pass catches up.
    for _ in 0..3 {
        let _ = shop.inbox.sync_once(&lock).await.unwrap();
    }
    let conv = shop.inbox.conversations(1).await.unwrap().remove(0);
    let texts: Vec<_> = shop
        .inbox
        .messages(conv.id, 50, None)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["msg 0", "msg 1", "msg 2", "msg 3", "msg 4"]);
    assert_eq!(conv.unread, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn media_is_fetched_on_first_view_and_kept_for_offline() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let tg = sim.telegram();
    tg.customer_sends_file(
        &marco(),
        "photo",
        "torta.jpg",
        b"JPEG-BYTES",
        "Questa torta?",
        None,
    );
    tg.customer_sends_file(
        &marco(),
        "document",
        "video.mov",
        b"",
        "",
        Some(25 * 1024 * 1024),
    );
    let lock = shop.inbox.lock_sync().unwrap();
    for r in shop.inbox.sync_once(&lock).await.unwrap() {
        r.result.unwrap();
    }
    let conv = shop.inbox.conversations(1).await.unwrap().remove(0);
    let msgs = shop.inbox.messages(conv.id, 10, None).await.unwrap();
    let photo = &msgs[0];
    assert_eq!(
        (photo.kind.as_str(), photo.text.as_str()),
        ("photo", "Questa torta?")
    );
    let attachment = &photo.attachments[0];
    assert!(!attachment.downloaded);

    let thumb = shop
        .inbox
        .attachment_file(attachment.id, true)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&thumb).unwrap(),
        sportello_sim::telegram::THUMBNAIL_PNG
    );
    let full = shop
        .inbox
        .attachment_file(attachment.id, false)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&full).unwrap(), b"JPEG-BYTES");
    assert!(
        full.starts_with(shop.inbox.data_dir()),
        "kept in the data dir"
    );
    assert!(shop.inbox.message(photo.id).await.unwrap().attachments[0].downloaded);

    let big = &msgs[1].attachments[0];
    let err = shop.inbox.attachment_file(big.id, false).await.unwrap_err();
    assert!(err.to_string().contains("20 MB"), "{err}");

    drop(sim);
    let again = shop
        .inbox
        .attachment_file(attachment.id, false)
        .await
        .unwrap();
    assert_eq!(again, full, "media already seen opens offline");
}

#[tokio::test(flavor = "multi_thread")]
async fn photos_and_documents_are_uploaded_with_their_captions() {
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    let conv = chat_with_marco(&sim, &shop).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("vetrina.png");
    std::fs::write(&photo, b"PNG-BYTES").unwrap();
    let menu = dir.path().join("Menù di Natale.pdf");
    std::fs::write(&menu, b"%PDF-1.4 listino").unwrap();

    let queued = shop
        .inbox
        .send_file(conv, photo.clone(), "La vetrina di oggi".into())
        .await
        .unwrap();
    assert_eq!(
        (queued.kind.as_str(), queued.status),
        ("photo", MessageStatus::Pending)
    );
    shop.inbox
        .send_file(conv, menu, String::new())
        .await
        .unwrap();
    std::fs::remove_file(&photo).unwrap(); // the outbox kept its own copy
    let lock = shop.inbox.lock_sync().unwrap();
    let pass = shop
        .inbox
        .flush_outbox(&lock, queued.account_id)
        .await
        .unwrap();
    assert_eq!(pass.sent, 2);
    let sent = sim.telegram().sent();
    assert_eq!(sent[0].kind, "photo");
    assert_eq!(sent[0].text, "La vetrina di oggi");
    assert_eq!(sent[0].file_size, Some(9));
    assert_eq!(sent[1].kind, "document");
    assert_eq!(sent[1].file_name.as_deref(), Some("Menù di Natale.pdf"));

    let missing = shop
        .inbox
        .send_file(conv, dir.path().join("nope.jpg"), String::new())
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "InvalidInput");
}
