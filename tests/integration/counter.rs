//! The shop's counter in the real window: "Needs a reply" lists who waits, longest first; `/`
//! and a shortcut put the quick reply's text, filled in for the customer, in the composer; a
//! label made in Settings and chosen in the chat's header gets a chip that filters the list; a
//! chat marked done comes back when the customer writes again.

use sportello_core::{Inbox, QuickReplyDraft};
use sportello_e2e::{
    click, conversation_named, eventually, shop_with_chats, texts_of, wait_for, AppWindow, TOKEN,
    WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

async fn titles(d: &WebDriver) -> Vec<String> {
    texts_of(d, "[data-testid=conversation-title]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_days_counter_work_snippets_labels_done_and_who_waits() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;
    {
        let inbox = Inbox::open(data.path(), sportello_channels::connect).unwrap();
        inbox
            .save_quick_reply(QuickReplyDraft {
                id: None,
                shortcut: "orari".into(),
                text: "Ciao {first_name|cliente}! Apriamo alle 7:30 ☕".into(),
                file: None,
                keep_attachment: false,
                template: None,
            })
            .await
            .unwrap();
    }
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("the chats are listed", WAIT, || {
        conversation_named(d, "João")
    })
    .await;

    // Both customers wait; Giulia wrote first, so she comes first.
    click(d, "filter-needs_reply").await;
    eventually("Needs a reply: Giulia, then João", WAIT, || async {
        (titles(d).await == ["Giulia", "João"]).then_some(())
    })
    .await;

    // `/ora` then Enter: the quick reply's text, with Giulia's first name.
    conversation_named(d, "Giulia")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let composer = wait_for(d, "the composer", "[data-testid=composer]").await;
    composer.send_keys("/ora").await.unwrap();
    wait_for(
        d,
        "the quick replies offered",
        "[data-testid=quick-reply-option][data-shortcut=orari]",
    )
    .await;
    composer.send_keys(Key::Enter).await.unwrap();
    let typed = eventually("the rendered text is in the composer", WAIT, || async {
        let value = composer.prop("value").await.ok()??;
        (!value.starts_with('/')).then_some(value)
    })
    .await;
    assert_eq!(typed, "Ciao Giulia! Apriamo alle 7:30 ☕");
    composer.send_keys(Key::Enter).await.unwrap();
    wait_for(
        d,
        "the reply sent",
        "[data-testid=message][data-direction=out][data-status=sent]",
    )
    .await;
    let sent = sim.control().sent().await;
    assert!(
        sent.iter()
            .any(|m| m.chat_id == 801 && m.text == "Ciao Giulia! Apriamo alle 7:30 ☕"),
        "{sent:?}"
    );
    eventually("Giulia no longer waits", WAIT, || async {
        (titles(d).await == ["João"]).then_some(())
    })
    .await;

    // A label made in Settings, chosen in João's header: its chip lists only his chat.
    click(d, "open-settings").await;
    click(d, "settings-labels").await;
    click(d, "label-add").await;
    let name = wait_for(d, "the label's name", "[data-testid=label-name]").await;
    name.send_keys("Da ritirare").await.unwrap();
    click(d, "label-save").await;
    wait_for(d, "the label listed", "[data-testid=label-row]").await;
    click(d, "close-settings").await;
    click(d, "filter-all").await;
    eventually("João in every chat", WAIT, || {
        conversation_named(d, "João")
    })
    .await
    .click()
    .await
    .unwrap();
    click(d, "labels-button").await;
    click(d, "pick-label").await;
    eventually("the label is on João's row", WAIT, || async {
        let row = conversation_named(d, "João").await?;
        row.find(By::Css("[data-testid=row-label]")).await.ok()
    })
    .await;
    d.action_chain()
        .send_keys(Key::Escape)
        .perform()
        .await
        .unwrap();
    wait_for(d, "the label's chip", "[data-testid^='filter-label:']")
        .await
        .click()
        .await
        .unwrap();
    eventually("the chip lists João only", WAIT, || async {
        (titles(d).await == ["João"]).then_some(())
    })
    .await;

    // Done: out of "Needs a reply"; João writing again reopens it.
    click(d, "mark-done").await;
    wait_for(d, "the header says done", "[data-testid=header-done]").await;
    click(d, "filter-needs_reply").await;
    eventually("nobody waits", WAIT, || async {
        titles(d).await.is_empty().then_some(())
    })
    .await;
    sim.control()
        .customer_says(&Customer::new(802, "João"), "Ainda está aberto?")
        .await;
    eventually("João waits again, his chat open", WAIT, || async {
        (titles(d).await == ["João"]).then_some(())
    })
    .await;
    eventually("the header no longer says done", WAIT, || async {
        d.find(By::Css("[data-testid=header-done]"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    app.quit().await;
}
