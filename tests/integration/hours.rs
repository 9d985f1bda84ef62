//! Opening hours and automatic replies in the real window: hours set in Settings (a closed day
//! added for today) turn the header to "Closed"; the away message switched on there answers a
//! customer once, with the robot mark; the Figures view shows who waits and when customers
//! write.

use sportello_e2e::{
    click, conversation_named, eventually, fill, pick, shop_with_chats, text_in, wait_for,
    AppWindow, TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

const AWAY: &str = "Siamo chiusi per inventario, a presto!";

#[tokio::test(flavor = "multi_thread")]
async fn hours_in_settings_close_the_shop_and_the_away_message_answers_once() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("the chats are listed", WAIT, || {
        conversation_named(d, "Giulia")
    })
    .await;
    assert!(
        d.find(By::Css("[data-testid=shop-hours]")).await.is_err(),
        "no hours set: the header says nothing about them"
    );

    // Every day 9–13, then closed today (the stocktaking).
    click(d, "open-settings").await;
    click(d, "settings-hours").await;
    for day in 0..7 {
        click(d, &format!("hours-add-{day}")).await;
    }
    click(d, "hours-save").await;
    let today: String = d
        .execute(
            "const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    pick(d, "closed-from", &today).await;
    click(d, "closed-add").await;
    wait_for(d, "today listed as closed", "[data-testid=closed-dates]").await;
    wait_for(d, "the summary says closed", "[data-testid=hours-summary]").await;

    // The away message, switched on.
    click(d, "settings-auto_replies").await;
    click(d, "auto-away-on").await;
    fill(d, "auto-away-text", AWAY).await;
    click(d, "auto-away-save").await;
    click(d, "close-settings").await;
    let header = wait_for(
        d,
        "the header's hours",
        "[data-testid=shop-hours][data-open=false]",
    )
    .await;
    let said = header
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(!said.trim().is_empty(), "the header says when it opens");

    // Giulia writes twice while closed: one away message, marked as sent automatically.
    let giulia = Customer::new(801, "Giulia");
    sim.control().customer_says(&giulia, "C'è qualcuno?").await;
    conversation_named(d, "Giulia")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        d,
        "the away message with its robot",
        "[data-testid=message] [data-testid=automated]",
    )
    .await;
    sim.control().customer_says(&giulia, "Pronto?").await;
    eventually("her second message", WAIT, || async {
        text_in(d, "[data-testid=chat-scroller]")
            .await
            .contains("Pronto?")
            .then_some(())
    })
    .await;
    let aways = || async {
        let sent = sim.control().sent().await;
        sent.iter()
            .filter(|m| m.chat_id == 801 && m.text == AWAY)
            .count()
    };
    eventually("the away message sent", WAIT, || async {
        (aways().await > 0).then_some(())
    })
    .await;
    wait_for(
        d,
        "the away message sent",
        "[data-direction=out][data-status=sent] [data-testid=automated]",
    )
    .await;
    assert_eq!(aways().await, 1, "once per closed stretch");
    assert_eq!(
        d.find_all(By::Css("[data-testid=automated]"))
            .await
            .unwrap()
            .len(),
        1
    );

    // Figures: Giulia and João wait; the heat map shows when they wrote.
    click(d, "open-figures").await;
    let waiting = wait_for(d, "who waits now", "[data-testid=figure-waiting]").await;
    eventually("two customers wait", WAIT, || async {
        waiting
            .text()
            .await
            .ok()?
            .trim_start()
            .starts_with('2')
            .then_some(())
    })
    .await;
    wait_for(d, "the heat map", "[data-testid=heat-map]").await;
    click(d, "figures-30").await;
    click(d, "close-figures").await;
    wait_for(d, "back to the chats", "[data-testid=conversation-title]").await;
    app.quit().await;
}
