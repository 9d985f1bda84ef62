//! Telegram in the window: a Business chat with its reply window and connection, and a photo
//! served from the local media folder.

use sportello_e2e::{
    click, conversation_named, eventually, shop_with_chats, wait_for, AppWindow, TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use std::time::Duration;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_business_chat_and_a_photo() {
    use sportello_sim::telegram::BusinessAccount;
    let sim = SimProcess::spawn(TOKEN);
    let control = sim.control();
    let data = tempfile::tempdir().unwrap();
    let owner = Customer::new(4400, "Mario");
    control
        .connect_business(&BusinessAccount {
            id: "biz-9".into(),
            owner,
            can_reply: true,
            is_enabled: true,
        })
        .await;
    let anna = Customer::new(4500, "Anna");
    let question = control
        .customer_says_to_business("biz-9", &anna, "Posso prenotare un tavolo?")
        .await;
    control
        .customer_sends_file(
            &Customer::new(4600, "Luca"),
            "photo",
            "dolce.jpg",
            "not really a jpeg",
        )
        .await;
    shop_with_chats(&sim, data.path()).await;

    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    eventually("Anna's business chat is listed", WAIT, || {
        conversation_named(d, "Anna")
    })
    .await;
    // A working link is the account's set-up, shown in Settings; the sidebar keeps to problems.
    assert!(d
        .find(By::Css("[data-testid=business-link]"))
        .await
        .is_err());
    click(d, "open-settings").await;
    let link = wait_for(
        d,
        "the business link in Settings",
        "[data-testid=channel-account] [data-testid=business-link]",
    )
    .await;
    let link_text = link.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(link_text.contains("Mario"), "{link_text}");
    click(d, "close-settings").await;
    eventually("Anna's chat again", WAIT, || conversation_named(d, "Anna"))
        .await
        .click()
        .await
        .unwrap();
    wait_for(d, "the reply window is shown", "[data-testid=reply-window]").await;
    // The reply quotes Anna's question (chosen on her message) and ends with an emoji from
    // the picker.
    // Reply shows beside the message under the pointer, as in WhatsApp Web.
    let asked = wait_for(
        d,
        "Anna's message",
        "[data-testid=message][data-direction=in]",
    )
    .await;
    d.action_chain()
        .move_to_element_center(&asked)
        .perform()
        .await
        .unwrap();
    click(d, "reply").await;
    let quoting = wait_for(d, "the quoted message", "[data-testid=replying-to]").await;
    assert!(quoting
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("Posso prenotare un tavolo?"));
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer
        .send_keys("Certo, per quante persone? ")
        .await
        .unwrap();
    d.find(By::Css("[data-testid=emoji-button]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(d, "the emoji picker", "[data-testid='emoji-🍰']")
        .await
        .click()
        .await
        .unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
    let sent = eventually("the business reply went out", WAIT, || async {
        let sent = control.sent().await;
        sent.into_iter().find(|m| m.chat_id == 4500)
    })
    .await;
    assert_eq!(
        sent.business_connection_id.as_deref(),
        Some("biz-9"),
        "from the owner's account"
    );
    assert_eq!(sent.text, "Certo, per quante persone? 🍰");
    assert_eq!(
        sent.reply_to_message_id,
        Some(question),
        "it quotes her question"
    );
    assert!(
        d.find(By::Css("[data-testid=replying-to]")).await.is_err(),
        "the quote goes once the reply is sent"
    );

    let luca = eventually("Luca's chat is listed", WAIT, || {
        conversation_named(d, "Luca")
    })
    .await;
    luca.click().await.unwrap();
    let img = wait_for(d, "the photo is shown", "[data-kind=photo] img").await;
    // The thumbnail really loaded through the asset protocol (a broken image has no width).
    eventually("the photo's thumbnail decoded", WAIT, || async {
        let w = d
            .execute(
                "return arguments[0].naturalWidth",
                vec![img.to_json().ok()?],
            )
            .await
            .ok()?;
        (w.json().as_i64()? > 0).then_some(())
    })
    .await;
    let src = img.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with("http://asset.localhost/") || src.starts_with("asset://"),
        "{src}"
    );
    if let Some(path) = std::env::var_os("SPORTELLO_E2E_SCREENSHOT") {
        let path = std::path::PathBuf::from(path);
        d.screenshot(&path.with_extension("photo.png"))
            .await
            .unwrap();
        conversation_named(d, "Anna")
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        d.screenshot(&path.with_extension("business.png"))
            .await
            .unwrap();
    }
    app.quit().await;
}
