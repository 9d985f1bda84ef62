//! The inbox window's habits: offline browsing, search and sending; drafts, mark as unread,
//! links; the language, pinned and archived chats.

use sportello_e2e::{
    conversation_named, eventually, shop_with_chats, texts, texts_of, wait_for, AppWindow, TOKEN,
    WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use std::time::Duration;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn offline_the_history_and_search_work_and_a_reply_waits_for_the_network() {
    let sim = SimProcess::spawn(TOKEN);
    let port = sim.port();
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("the chats are listed", WAIT, || {
        conversation_named(d, "Giulia")
    })
    .await;

    drop(sim); // The shop's wifi is gone: Telegram cannot be reached.

    // Search works from the cache, and the matched word is marked.
    let search = d.find(By::Css("[data-testid=search]")).await.unwrap();
    search.send_keys("torta").await.unwrap();
    let hit = wait_for(d, "a search result", "[data-testid=search-hit]").await;
    let marked = hit.find(By::Css("mark")).await.unwrap();
    assert_eq!(
        marked.prop("textContent").await.unwrap().as_deref(),
        Some("torta")
    );
    hit.click().await.unwrap();
    wait_for(
        d,
        "the chat opens at the result",
        "[data-testid=message].highlighted",
    )
    .await;

    // A reply typed offline waits with the clock, and the banner counts it.
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer
        .send_keys("Arrivo tra cinque minuti")
        .await
        .unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
    eventually("the reply waits as pending", WAIT, || async {
        d.find(By::Css(
            "[data-testid=message][data-direction=out][data-status=pending]",
        ))
        .await
        .ok()
    })
    .await;
    let banner = wait_for(d, "the offline banner", "[data-testid=offline-banner]").await;
    let banner_text = banner
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(banner_text.contains('1'), "{banner_text}");

    // The network is back: the reply goes out once and its tick advances.
    let back = SimProcess::spawn_on(
        TOKEN,
        port,
        &[Customer::new(801, "Giulia"), Customer::new(802, "João")],
    );
    let control = back.control();
    let sent = eventually(
        "the waiting reply went out",
        Duration::from_secs(60),
        || async {
            let sent = control.sent().await;
            (!sent.is_empty()).then_some(sent)
        },
    )
    .await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text, "Arrivo tra cinque minuti");
    eventually("the tick advanced to sent", WAIT, || async {
        d.find(By::Css(
            "[data-testid=message][data-direction=out][data-status=sent]",
        ))
        .await
        .ok()
    })
    .await;
    app.quit().await;
    assert_eq!(control.sent().await.len(), 1, "sent once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_survives_a_restart_and_a_chat_can_be_marked_unread() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;

    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    let joao = eventually("João is listed", WAIT, || conversation_named(d, "João")).await;
    joao.click().await.unwrap();
    let composer = wait_for(d, "the composer", "[data-testid=composer]").await;
    // A link in a customer's message is clickable, and opens outside the app's window.
    let link = wait_for(d, "the link is a link", "[data-testid=message-text] a").await;
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some("https://example.com/entregas")
    );
    let here = d.current_url().await.unwrap();
    link.click().await.unwrap();
    assert_eq!(
        d.current_url().await.unwrap(),
        here,
        "the app window never navigates away"
    );
    composer.send_keys("Sì, consegniamo a").await.unwrap();
    // Mark as unread closes the chat (the draft is kept as the composer loses focus) and
    // brings the badge back.
    d.find(By::Css("[data-testid=mark-unread]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("João's badge is back", WAIT, || async {
        let row = conversation_named(d, "João").await?;
        row.find(By::Css("[data-testid=unread]")).await.ok()
    })
    .await;
    app.quit().await;

    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    let joao = eventually("João is listed again", WAIT, || {
        conversation_named(d, "João")
    })
    .await;
    joao.click().await.unwrap();
    let value = eventually("the draft is back in the composer", WAIT, || async {
        let c = d.find(By::Css("[data-testid=composer]")).await.ok()?;
        let v = c.prop("value").await.ok()??;
        (!v.is_empty()).then_some(v)
    })
    .await;
    assert_eq!(value, "Sì, consegniamo a");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_language_can_be_chosen_and_chats_pinned_and_archived() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("the chats are listed", WAIT, || {
        conversation_named(d, "Giulia")
    })
    .await;

    // Italian, whatever the computer says.
    let picker = d.find(By::Css("[data-testid=language]")).await.unwrap();
    picker.click().await.unwrap();
    d.find(By::Css("[data-testid=language] option[value=it]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let placeholder = eventually("the window speaks Italian", WAIT, || async {
        let p = d
            .find(By::Css("[data-testid=search]"))
            .await
            .ok()?
            .attr("placeholder")
            .await
            .ok()??;
        (p == "Cerca").then_some(p)
    })
    .await;
    assert_eq!(placeholder, "Cerca");

    // Pinning the older chat puts it first.
    let older = texts_of(d, "[data-testid=conversation-title]")
        .await
        .last()
        .cloned()
        .unwrap();
    conversation_named(d, &older)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.find(By::Css("[data-testid=pin]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the pinned chat comes first", WAIT, || async {
        (texts_of(d, "[data-testid=conversation-title]")
            .await
            .first()
            == Some(&older))
        .then_some(())
    })
    .await;

    // Archiving moves it out of the list, under Archived.
    d.find(By::Css("[data-testid=archive]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the archived chat leaves the list", WAIT, || async {
        (!texts_of(d, "[data-testid=conversation-title]")
            .await
            .contains(&older))
        .then_some(())
    })
    .await;
    d.find(By::Css("[data-testid=filter-archived]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("it is under Archived", WAIT, || async {
        (texts_of(d, "[data-testid=conversation-title]").await == [older.clone()]).then_some(())
    })
    .await;
    app.quit().await;
}

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
