//! The real app window, driven like a shop owner would: open a chat, read it, reply. The
//! channel is the simulator in its own process; the keyring is the session's gnome-keyring.

use std::time::Duration;

use sportello_core::model::ChannelKind;
use sportello_core::{AccountSecrets, Inbox, NewAccount};
use sportello_e2e::{eventually, AppWindow};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

const TOKEN: &str = "6660001:e2e-window-secret";
const WAIT: Duration = Duration::from_secs(30);

/// A data dir holding one Telegram account (token in the keyring) with synced customer chats.
async fn shop_with_chats(sim: &SimProcess, data_dir: &std::path::Path) {
    let control = sim.control();
    control
        .customer_says(
            &Customer::new(801, "Giulia"),
            "Buongiorno! È pronta la torta?",
        )
        .await;
    control
        .customer_says(
            &Customer::new(801, "Giulia"),
            "<img src=x onerror=alert(1)><b>grazie</b>",
        )
        .await;
    control
        .customer_says(
            &Customer::new(802, "João"),
            "Olá! Fazem entregas? https://example.com/entregas",
        )
        .await;

    let inbox = Inbox::open(data_dir, sportello_channels::connect).unwrap();
    inbox
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name: "Forno Rossi".into(),
            api_base: Some(sim.url.clone()),
            secrets: AccountSecrets::default().with("bot_token", TOKEN),
            is_demo: false,
        })
        .await
        .expect("add the account (needs the session keyring)");
    let lock = inbox.lock_sync().unwrap();
    for done in inbox.sync_once(&lock).await.unwrap() {
        done.result.expect("initial sync");
    }
}

/// The chat-list row whose title is exactly `name`.
async fn conversation_named(driver: &WebDriver, name: &str) -> Option<WebElement> {
    for row in driver
        .find_all(By::Css("[data-testid=conversation]"))
        .await
        .ok()?
    {
        let title = row
            .find(By::Css("[data-testid=conversation-title]"))
            .await
            .ok()?;
        // textContent, not WebDriver's visible text: WebKitWebDriver's visibility heuristic
        // drops ellipsised (overflow: hidden) spans that are plainly on screen.
        if title.prop("textContent").await.ok()??.trim() == name {
            return Some(row);
        }
    }
    None
}

async fn texts(driver: &WebDriver) -> Vec<String> {
    let mut out = Vec::new();
    for el in driver
        .find_all(By::Css("[data-testid=message-text]"))
        .await
        .unwrap_or_default()
    {
        out.push(
            el.prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        );
    }
    out
}

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
    assert_eq!(shown[1], "<img src=x onerror=alert(1)><b>grazie</b>");
    assert!(d
        .find_all(By::Css(".bubble img, .bubble b"))
        .await
        .unwrap()
        .is_empty());
    let title = d.find(By::Css("[data-testid=chat-title]")).await.unwrap();
    assert_eq!(title.text().await.unwrap(), "Giulia");
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
    control
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
    let anna_row = eventually("Anna's business chat is listed", WAIT, || {
        conversation_named(d, "Anna")
    })
    .await;
    let link = d
        .find(By::Css("[data-testid=business-link]"))
        .await
        .expect("the account shows its business link");
    let link_text = link.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(link_text.contains("Mario"), "{link_text}");
    anna_row.click().await.unwrap();
    eventually("the reply window is shown", WAIT, || async {
        d.find(By::Css("[data-testid=reply-window]")).await.ok()
    })
    .await;
    let composer = d.find(By::Css("[data-testid=composer]")).await.unwrap();
    composer
        .send_keys("Certo, per quante persone?")
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

    let luca = eventually("Luca's chat is listed", WAIT, || {
        conversation_named(d, "Luca")
    })
    .await;
    luca.click().await.unwrap();
    let img = eventually("the photo is shown", WAIT, || async {
        d.find(By::Css("[data-kind=photo] img")).await.ok()
    })
    .await;
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
        anna_row.click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        d.screenshot(&path.with_extension("business.png"))
            .await
            .unwrap();
    }
    app.quit().await;
}

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
    let hit = eventually("a search result", WAIT, || async {
        d.find(By::Css("[data-testid=search-hit]")).await.ok()
    })
    .await;
    let marked = hit.find(By::Css("mark")).await.unwrap();
    assert_eq!(
        marked.prop("textContent").await.unwrap().as_deref(),
        Some("torta")
    );
    hit.click().await.unwrap();
    eventually("the chat opens at the result", WAIT, || async {
        d.find(By::Css("[data-testid=message].highlighted"))
            .await
            .ok()
    })
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
    let banner = eventually("the offline banner", WAIT, || async {
        d.find(By::Css("[data-testid=offline-banner]")).await.ok()
    })
    .await;
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
    let composer = eventually("the composer", WAIT, || async {
        d.find(By::Css("[data-testid=composer]")).await.ok()
    })
    .await;
    // A link in a customer's message is clickable, and opens outside the app's window.
    let link = d
        .find(By::Css("[data-testid=message-text] a"))
        .await
        .expect("the link is a link");
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

    let titles = |d: &WebDriver| {
        let d = d.clone();
        async move {
            let mut out = Vec::new();
            for t in d
                .find_all(By::Css("[data-testid=conversation-title]"))
                .await
                .unwrap_or_default()
            {
                out.push(
                    t.prop("textContent")
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                );
            }
            out
        }
    };
    // Pinning the older chat puts it first.
    let older = titles(d).await.last().cloned().unwrap();
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
        (titles(d).await.first() == Some(&older)).then_some(())
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
        (!titles(d).await.contains(&older)).then_some(())
    })
    .await;
    d.find(By::Css("[data-testid=filter-archived]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually("it is under Archived", WAIT, || async {
        (titles(d).await == [older.clone()]).then_some(())
    })
    .await;
    app.quit().await;
}
