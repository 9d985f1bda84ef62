//! Core's sync engine driving the real Telegram channel against the simulator: live sync,
//! duplicate deliveries, and the Telegram Business flow.

use crate::common::*;
use sportello_core::model::MessageStatus;
use sportello_core::CoreEvent;
use sportello_sim::telegram::{Customer, Faults};

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

    let queued = shop.reply(conv, "Sì, appena sfornati!").await;
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
async fn catching_up_counts_what_it_has_read_until_live() {
    use sportello_core::AccountState;
    let sim = sim_on(0).await;
    let shop = shop(&sim).await;
    // More than one getUpdates page (Telegram gives at most 100 updates per call).
    for i in 0..250 {
        sim.telegram()
            .customer_says(&marco(), &format!("while closed {i}"), None);
    }
    let mut events = shop.inbox.subscribe();
    shop.inbox
        .start_sync(shop.inbox.lock_sync().unwrap())
        .await
        .unwrap();
    let mut progress = Vec::new();
    loop {
        let event = next_matching(&mut events, "account state", |e| {
            matches!(e, CoreEvent::AccountState { .. })
        })
        .await;
        match event {
            CoreEvent::AccountState {
                state: AccountState::CatchingUp { received },
                ..
            } => progress.push(received),
            CoreEvent::AccountState {
                state: AccountState::Live,
                ..
            } => break,
            other => panic!("unexpected state while catching up: {other:?}"),
        }
    }
    assert_eq!(
        progress.first(),
        Some(&0),
        "starts from nothing: {progress:?}"
    );
    assert_eq!(
        progress.last(),
        Some(&250),
        "ends with all read: {progress:?}"
    );
    assert!(
        progress.len() >= 4 && progress.windows(2).all(|w| w[0] < w[1]),
        "rises page by page: {progress:?}"
    );
    shop.inbox.stop_sync().await;
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
