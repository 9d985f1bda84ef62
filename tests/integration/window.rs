//! The real app window on first use, driven like a shop owner would: open a chat, read it,
//! reply; or try the demo. The channel is the simulator in its own process; the keyring is the
//! session's gnome-keyring.

use sportello_e2e::{
    click, conversation_named, emoji_drawing, eventually, shop_with_chats, text_in, texts,
    wait_for, AppWindow, TOKEN, WAIT,
};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use std::time::Duration;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn open_a_chat_read_it_and_reply() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    shop_with_chats(&sim, data.path()).await;

    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;

    // The list comes from the cache: both customers, Giulia's chat with 2 unread.
    let giulia = eventually("Giulia's conversation is listed", WAIT, || {
        conversation_named(d, "Giulia")
    })
    .await;
    assert_eq!(
        d.find_all(By::Css("[data-testid=conversation]"))
            .await
            .unwrap()
            .len(),
        2
    );
    let badge = giulia
        .find(By::Css("[data-testid=unread]"))
        .await
        .expect("unread badge");
    assert_eq!(badge.text().await.unwrap(), "2");

    giulia.click().await.unwrap();
    let shown = eventually("Giulia's messages are shown", WAIT, || async {
        let t = texts(d).await;
        (t.len() == 2).then_some(t)
    })
    .await;
    assert_eq!(shown[0], "Buongiorno! È pronta la torta?");
    // HTML from a customer is shown as text, never rendered or run.
    assert_eq!(
        shown[1],
        "<img src=x onerror=alert(1)><b>grazie</b><script>window.pwned = 1</script>"
    );
    assert!(d
        .find_all(By::Css(".bubble img, .bubble b, .bubble script"))
        .await
        .unwrap()
        .is_empty());
    // Nothing ran: the script would have set this, the image's onerror opened an alert (and
    // WebDriver would refuse the next command while one is open).
    let ran = d
        .execute("return window.pwned === undefined;", vec![])
        .await
        .unwrap();
    assert_eq!(
        ran.json(),
        &serde_json::json!(true),
        "the customer's script ran"
    );
    assert_eq!(text_in(d, "[data-testid=chat-title]").await, "Giulia");

    // The contact panel says how Telegram knows her; Esc closes it.
    click(d, "contact-button").await;
    let telegram_id = wait_for(
        d,
        "the contact panel's Telegram id",
        "[data-testid=identities] [data-kind=telegram_id] .value",
    )
    .await;
    assert_eq!(telegram_id.text().await.unwrap(), "801");
    d.active_element()
        .await
        .unwrap()
        .send_keys(Key::Escape)
        .await
        .unwrap();
    eventually("Esc closes the contact panel", WAIT, || async {
        d.find_all(By::Css("[data-testid=contact-panel]"))
            .await
            .ok()
            .filter(|p| p.is_empty())
    })
    .await;
    eventually("opening the chat clears its unread badge", WAIT, || async {
        giulia
            .find_all(By::Css("[data-testid=unread]"))
            .await
            .ok()
            .filter(|b| b.is_empty())
    })
    .await;

    // Reply: type and press Enter, as in WhatsApp Web. (WebKitWebDriver cannot type characters
    // outside the BMP, such as most emoji; those are covered by the CLI test.)
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer
        .send_keys("Sì, è pronta! A domani ☕")
        .await
        .unwrap();
    composer.send_keys(Key::Enter).await.unwrap();

    let control = sim.control();
    let sent = eventually("the simulator received the reply", WAIT, || async {
        let sent = control.sent().await;
        (!sent.is_empty()).then_some(sent)
    })
    .await;
    assert_eq!(sent.len(), 1, "sent exactly once");
    assert_eq!(
        (sent[0].chat_id, sent[0].text.as_str()),
        (801, "Sì, è pronta! A domani ☕")
    );
    eventually("the reply shows as sent", WAIT, || async {
        let out = d
            .find_all(By::Css(
                "[data-testid=message][data-direction=out][data-status=sent]",
            ))
            .await
            .ok()?;
        (out.len() == 1).then_some(())
    })
    .await;
    // The emoji is drawn in colour, never as an empty box (the system's colour emoji font,
    // which the package depends on).
    assert_eq!(
        emoji_drawing(d, "☕🎂👍").await,
        ["colour", "colour", "colour"],
        "the window's font draws emoji in colour"
    );

    // A new customer message appears live, pushed by core, without any click.
    control
        .customer_says(&Customer::new(801, "Giulia"), "Perfetto, grazie!")
        .await;
    eventually(
        "the live message appears in the open chat",
        WAIT,
        || async {
            texts(d)
                .await
                .iter()
                .any(|t| t == "Perfetto, grazie!")
                .then_some(())
        },
    )
    .await;

    if let Some(path) = std::env::var_os("SPORTELLO_E2E_SCREENSHOT") {
        d.screenshot(std::path::Path::new(&path)).await.unwrap();
    }
    app.quit().await;
    assert_eq!(control.sent().await.len(), 1, "nothing was sent twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn try_the_demo_from_the_empty_state() {
    let data = tempfile::tempdir().unwrap();
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;

    let demo = d
        .query(By::Css("[data-testid=try-demo]"))
        .wait(WAIT, Duration::from_millis(200))
        .first()
        .await
        .expect("the empty state offers the demo");
    assert!(
        d.find(By::Css("[data-testid=add-channel]")).await.is_ok(),
        "and adding a channel"
    );
    demo.click().await.unwrap();

    let giulia = eventually("the seeded demo chats appear", WAIT, || {
        conversation_named(d, "Giulia Bianchi")
    })
    .await;
    assert_eq!(
        d.find_all(By::Css("[data-testid=conversation]"))
            .await
            .unwrap()
            .len(),
        4
    );
    assert!(
        d.find(By::Css("[data-testid=demo-label]")).await.is_ok(),
        "clearly labelled Demo"
    );

    giulia.click().await.unwrap();
    eventually("the demo chat opens", WAIT, || async {
        texts(d)
            .await
            .iter()
            .any(|t| t.contains("torta di mele"))
            .then_some(())
    })
    .await;
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer
        .send_keys("Certo, gliela teniamo da parte!")
        .await
        .unwrap();
    composer.send_keys(Key::Enter).await.unwrap();
    // The demo customer answers the shop's reply, through the same sync path as a real one.
    eventually("the demo customer answers", WAIT, || async {
        (texts(d).await.len() >= 4).then_some(())
    })
    .await;
    app.quit().await;
}
