//! WhatsApp in the window, from "I have a Meta app" to replying: the owner adds the number in
//! the form, sees what to paste into the Meta dashboard, the simulator (playing Meta) delivers
//! signed webhooks to the app's own receiver, and the owner replies, then sends a template to a
//! customer whose 24 hours have passed.

use sportello_e2e::{
    click, conversation_named, eventually, fill, text_in, wait_for, AppWindow, WAIT,
};
use sportello_sim::testkit::SimProcess;
use sportello_sim::whatsapp::WaCustomer;
use sportello_sim::WhatsAppOptions;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_whatsapp_number_from_set_up_to_replies_and_templates() {
    let port = sportello_sim::testkit::free_port();
    let listen = format!("127.0.0.1:{port}");
    let sim = SimProcess::spawn_whatsapp(&format!("http://{listen}/webhooks/meta"));
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    let app = AppWindow::launch_receiving_on(data.path(), &listen).await;
    let d = &app.driver;
    let o = WhatsAppOptions::default();

    click(d, "add-channel").await;
    click(d, "add-whatsapp").await;
    fill(d, "wa-name", "Panificio").await;
    fill(d, "wa-phone-number-id", &o.phone_number_id).await;
    fill(d, "wa-waba-id", &o.business_account_id).await;
    fill(d, "wa-access-token", &o.access_token).await;
    fill(d, "wa-app-secret", &o.app_secret).await;
    d.find(By::Css("[data-testid=wa] summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(d, "wa-api-base", &sim.graph_url()).await;
    d.find(By::Css("[data-testid=wa-connect]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The sidebar says Meta cannot deliver yet; its button opens what to paste into the Meta
    // dashboard, in Settings.
    wait_for(d, "the webhook notice", "[data-testid=webhook-needed]").await;
    click(d, "open-webhook-setup").await;
    wait_for(d, "the webhook set-up", "[data-testid=webhook-path]").await;
    assert!(text_in(d, "[data-testid=webhook-path]")
        .await
        .ends_with("/webhooks/meta"));
    let token = text_in(d, "[data-testid=webhook-verify-token]").await;
    assert!(
        token.starts_with("sportello-") && token.len() > 20,
        "a made-up verify token: {token}"
    );
    assert_eq!(text_in(d, "[data-testid=webhook-listening]").await, listen);
    let waiting = text_in(d, "[data-testid=webhook-state]").await;
    app.screenshot("whatsapp-webhook-setup").await;
    click(d, "close-settings").await;

    let giulia = WaCustomer::new("393471234567", "Giulia Bianchi");
    control
        .whatsapp_customer_says(&giulia, "Avete la torta di mele?", None)
        .await;
    eventually("Giulia's chat arrives by webhook", WAIT, || {
        conversation_named(d, "Giulia Bianchi")
    })
    .await;
    eventually(
        "the notice leaves the sidebar once a delivery came",
        WAIT,
        || async {
            d.find(By::Css("[data-testid=webhook-needed]"))
                .await
                .is_err()
                .then_some(())
        },
    )
    .await;
    click(d, "open-settings").await;
    wait_for(
        d,
        "the account in Settings",
        "[data-testid=channel-account] [data-testid=webhook-state]",
    )
    .await;
    let seen = eventually("Settings says a verified delivery came", WAIT, || async {
        let now = text_in(
            d,
            "[data-testid=channel-account] [data-testid=webhook-state]",
        )
        .await;
        (now != waiting).then_some(now)
    })
    .await;
    assert!(seen.contains("WhatsApp"), "{seen}");
    click(d, "close-settings").await;

    // The list is drawn anew on the way back from Settings.
    let row = eventually("Giulia's chat again", WAIT, || {
        conversation_named(d, "Giulia Bianchi")
    })
    .await;
    row.click().await.unwrap();
    wait_for(d, "the reply window", "[data-testid=reply-window]").await;
    let window = text_in(d, "[data-testid=reply-window]").await;
    assert!(
        window.contains('h') || window.contains("min"),
        "time left: {window}"
    );
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer.send_keys("Sì, fino alle 19!").await.unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
    eventually("the reply is read (blue ticks)", WAIT, || async {
        d.find(By::Css(
            "[data-testid=message][data-direction=out][data-status=read]",
        ))
        .await
        .ok()
    })
    .await;

    // A customer whose last message is from yesterday: only a template may go out.
    let luca = WaCustomer::new("393339876543", "Luca Neri");
    let yesterday = sportello_sim::telegram::now_secs() - 26 * 3600;
    control
        .whatsapp_customer_says(&luca, "Grazie, a presto", Some(yesterday))
        .await;
    eventually("Luca's chat", WAIT, || conversation_named(d, "Luca Neri"))
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(
        fill_in_the_template(d, "Luca").await,
        "Hello Luca, your order is ready for pickup."
    );
    assert!(
        d.find(By::Css("[data-testid=composer]")).await.is_err(),
        "no free text outside the window"
    );
    app.screenshot("whatsapp-template-picker").await;
    d.find(By::Css("[data-testid=template-send]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the template in the chat", WAIT, || async {
        let texts = sportello_e2e::texts(d).await;
        texts
            .iter()
            .any(|t| t == "Hello Luca, your order is ready for pickup.")
            .then_some(())
    })
    .await;
    app.screenshot("whatsapp-chat").await;
    let sent = control.whatsapp_sent().await;
    assert!(sent
        .iter()
        .any(|s| s["kind"] == "template" && s["to"] == luca.wa_id.as_str()));

    // Ctrl+N: the shop writes first to a number nobody has written from, with a template.
    d.active_element()
        .await
        .unwrap()
        .send_keys(Key::Control + "n")
        .await
        .unwrap();
    wait_for(d, "the new chat form", "[data-testid=new-chat-phone]").await;
    fill(d, "new-chat-phone", "+39 333 111 2222").await;
    fill(d, "new-chat-name", "Signora Bianchi").await;
    d.find(By::Css("[data-testid=new-chat-start]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the new chat is open", WAIT, || async {
        (text_in(d, "[data-testid=chat-title]").await == "Signora Bianchi").then_some(())
    })
    .await;
    fill_in_the_template(d, "Signora Bianchi").await;
    d.find(By::Css("[data-testid=template-send]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("the template reached the new number", WAIT, || async {
        control
            .whatsapp_sent()
            .await
            .iter()
            .any(|s| s["kind"] == "template" && s["to"] == "393331112222")
            .then_some(())
    })
    .await;
    app.quit().await;
}

/// Opens the template offer of the chat on screen, picks the approved template and fills in its
/// one value; returns the preview the window shows.
async fn fill_in_the_template(d: &WebDriver, value: &str) -> String {
    click(d, "choose-template").await;
    click(d, "template-option").await;
    fill(d, "template-value", value).await;
    text_in(d, "[data-testid=template-preview]").await
}
