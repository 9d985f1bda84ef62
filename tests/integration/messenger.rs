//! A Facebook Page in the window, with no webhook at all: the owner adds the Page in the form,
//! the chats come from reading the Page's inbox back (names and pictures included), and a
//! reply goes out on Messenger.

use sportello_e2e::{click, conversation_named, eventually, fill, wait_for, AppWindow, WAIT};
use sportello_sim::messenger::FbCustomer;
use sportello_sim::testkit::SimProcess;
use sportello_sim::MessengerOptions;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_page_read_back_without_any_webhook() {
    let sim = SimProcess::spawn_with(&[]);
    let control = sim.control();
    let o = MessengerOptions::default();
    let anna = FbCustomer::new("5501", "Anna Verdi");
    control
        .messenger_customers_say(&[(anna.clone(), "Fate consegne a Testaccio?".into())])
        .await;

    let data = tempfile::tempdir().unwrap();
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    click(d, "add-channel").await;
    click(d, "add-messenger").await;
    fill(d, "fb-name", "Forno Rossi").await;
    fill(d, "fb-page-id", &o.page_id).await;
    fill(d, "fb-page-token", &o.page_access_token).await;
    fill(d, "fb-app-secret", &o.app_secret).await;
    d.find(By::Css("[data-testid=fb] summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(d, "fb-api-base", &sim.messenger_graph_url()).await;
    d.find(By::Css("[data-testid=fb-connect]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    eventually("Anna's chat, read back from the Page's inbox", WAIT, || {
        conversation_named(d, "Anna Verdi")
    })
    .await;
    eventually("her picture as the avatar", WAIT, || async {
        d.find(By::Css("[data-testid=conversation] img.avatar"))
            .await
            .ok()
    })
    .await;
    assert!(
        d.find(By::Css("[data-testid=human-agent]")).await.is_err(),
        "the sidebar keeps to problems"
    );
    click(d, "open-settings").await;
    wait_for(
        d,
        "the Page's HUMAN_AGENT choice, on the account in Settings",
        "[data-testid=channel-account] [data-testid=human-agent]",
    )
    .await;
    click(d, "close-settings").await;
    // The list is drawn anew on the way back from Settings.
    let row = eventually("Anna's chat again", WAIT, || {
        conversation_named(d, "Anna Verdi")
    })
    .await;
    row.click().await.unwrap();
    app.screenshot("messenger-chat").await;
    let composer = wait_for(d, "the composer", "[data-testid=composer]").await;
    composer.send_keys("Sì, il sabato mattina").await.unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
    eventually("the reply went out on Messenger", WAIT, || async {
        let sent = control.messenger_sent().await;
        sent.iter()
            .any(|s| {
                s["kind"] == "text"
                    && s["to"] == anna.psid.as_str()
                    && s["messaging_type"] == "RESPONSE"
            })
            .then_some(())
    })
    .await;
    app.quit().await;
}
