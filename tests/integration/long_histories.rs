//! Long histories in the window: hundreds of chats and a chat of 1,500 messages stay quick
//! because the page holds only what is on screen (and a bounded window around it).

use sportello_e2e::{
    conversation_named, eventually, shop_with_chats, texts, wait_for, AppWindow, TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

/// A shop with hundreds of chats: the list keeps only the rows on screen (and a few around) in
/// the page, says how many there are to assistive technology, and scrolls to the last one.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_chat_list_keeps_only_the_rows_on_screen() {
    // More than the 500 chats the list reads at first: the rest come as it is scrolled.
    const CUSTOMERS: usize = 600;
    let sim = SimProcess::spawn(TOKEN);
    let burst: Vec<(Customer, String)> = (0..CUSTOMERS)
        .map(|i| {
            let name = format!("Cliente {i:03}");
            (
                Customer::new(20_000 + i as i64, &name),
                format!("Ordine {i}"),
            )
        })
        .collect();
    sim.control().customers_say(&burst).await;
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    let total = CUSTOMERS + 2;

    let first = wait_for(d, "the chat list", "[role=option]").await;
    assert_eq!(
        first.attr("aria-setsize").await.unwrap(),
        Some("500".into()),
        "the first page of the list"
    );
    let rendered = d
        .find_all(By::Css("[data-testid=conversation]"))
        .await
        .unwrap()
        .len();
    assert!(
        (5..60).contains(&rendered),
        "{rendered} of {total} rows in the page"
    );

    // The oldest chat is the last row: scrolling to the bottom reads the rest, and it is there.
    let last = eventually("the last row after scrolling", WAIT, || async {
        d.execute(
            "const s = document.querySelector('[data-testid=conversation-scroller]'); s.scrollTop = s.scrollHeight;",
            vec![],
        )
        .await
        .ok()?;
        let last = d
            .find(By::Css(format!("[role=option][aria-posinset='{total}']")))
            .await
            .ok()?;
        last.find(By::Css("[data-testid=conversation-title]"))
            .await
            .ok()
    })
    .await;
    // (textContent: WebDriver reads no text from an element that clips it with an ellipsis.)
    assert_eq!(
        last.prop("textContent").await.unwrap().as_deref(),
        Some("Cliente 000"),
        "the oldest chat"
    );
    let rendered = d
        .find_all(By::Css("[data-testid=conversation]"))
        .await
        .unwrap()
        .len();
    assert!(rendered < 60, "still only what is on screen: {rendered}");
    app.quit().await;
}

/// A long chat with unread messages opens at the first unread one, keeps a bounded number of
/// messages in the page however far back the owner scrolls, and jumps back to the newest.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_chat_opens_at_the_first_unread_and_scrolls_back_to_its_start() {
    const READ: usize = 1_200;
    const UNREAD: usize = 300;
    let marta = Customer::new(30_001, "Marta");
    let say = |from: usize, to: usize| -> Vec<(Customer, String)> {
        (from..=to)
            .map(|i| (marta.clone(), format!("Messaggio {i}")))
            .collect()
    };
    let sim = SimProcess::spawn(TOKEN);
    sim.control().customers_say(&say(1, READ)).await;
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    {
        let inbox = sportello_core::Inbox::open(data.path(), sportello_channels::connect).unwrap();
        let marta_chat = inbox
            .conversations(10)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.title == "Marta")
            .unwrap();
        inbox.mark_read(marta_chat.id).await.unwrap();
        sim.control()
            .customers_say(&say(READ + 1, READ + UNREAD))
            .await;
        let lock = inbox.lock_sync().unwrap();
        for done in inbox.sync_once(&lock).await.unwrap() {
            done.result.expect("sync the unread messages");
        }
    }
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    let page_size = || async { texts(d).await.len() };

    eventually("Marta's chat in the list", WAIT, || {
        conversation_named(d, "Marta")
    })
    .await
    .click()
    .await
    .unwrap();
    let divider = wait_for(d, "the unread divider", "[data-testid=unread-divider]").await;
    assert!(
        divider
            .prop("textContent")
            .await
            .unwrap()
            .unwrap()
            .contains("300"),
        "the divider counts the unread messages"
    );
    let after_divider = d
        .execute(
            "return document.querySelector('[data-testid=unread-divider] + [data-message-id] [data-testid=message-text]').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        after_divider.json().as_str(),
        Some(format!("Messaggio {}", READ + 1).as_str())
    );

    // Scroll to the top again and again: earlier pages come, later ones go.
    let most = std::cell::Cell::new(0);
    eventually(
        "the chat's first message after scrolling back",
        WAIT * 2,
        || async {
            most.set(most.get().max(page_size().await));
            d.execute(
                "document.querySelector('[data-testid=chat-scroller]').scrollTop = 0",
                vec![],
            )
            .await
            .ok()?;
            texts(d)
                .await
                .contains(&"Messaggio 1".to_owned())
                .then_some(())
        },
    )
    .await;
    let most = most.get();
    assert!(
        most <= 250,
        "{most} messages in the page of a chat of {}",
        READ + UNREAD
    );
    assert!(!texts(d)
        .await
        .contains(&format!("Messaggio {}", READ + UNREAD)));

    d.find(By::Css("[data-testid=to-newest]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the newest message again", WAIT, || async {
        texts(d)
            .await
            .contains(&format!("Messaggio {}", READ + UNREAD))
            .then_some(())
    })
    .await;
    app.quit().await;
}
