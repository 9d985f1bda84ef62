//! The inbox window's habits: offline browsing, search and sending; drafts, mark as unread,
//! links; the language, pinned and archived chats.

use sportello_e2e::{
    click, conversation_named, eventually, from_chat_menu, shop_with_chats, text_in, texts_of,
    wait_for, AppWindow, TOKEN, WAIT,
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

    // The shop's wifi is gone: Telegram cannot be reached. The test goes on once the app has
    // noticed, as its notice shifts the sidebar: a click on a search result while the notice
    // appears can land beside the result.
    drop(sim);
    wait_for(
        d,
        "the account shown offline",
        "[data-testid=account-offline]",
    )
    .await;

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
    from_chat_menu(d, "mark-unread").await;
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
    click(d, "open-settings").await;
    click(d, "settings-language").await;
    let picker = wait_for(d, "the language picker", "[data-testid=language]").await;
    picker.click().await.unwrap();
    d.find(By::Css("[data-testid=language] option[value=it]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("Settings speaks Italian", WAIT, || async {
        (text_in(d, "[data-testid=settings] h2").await == "Impostazioni").then_some(())
    })
    .await;
    click(d, "close-settings").await;
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
    from_chat_menu(d, "pin").await;
    eventually("the pinned chat comes first", WAIT, || async {
        (texts_of(d, "[data-testid=conversation-title]")
            .await
            .first()
            == Some(&older))
        .then_some(())
    })
    .await;

    // Archiving moves it out of the list, under Archived.
    from_chat_menu(d, "archive").await;
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
