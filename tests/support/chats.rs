//! A shop with customer chats for the window tests, and ways to read the window like a person.

use std::time::Duration;

use sportello_core::{Inbox, NewAccount};
use sportello_sim::telegram::Customer;
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

/// The bot token the window tests' simulator accepts; it lives in the session keyring.
pub const TOKEN: &str = "6660001:e2e-window-secret";
/// How long to wait for the app to react before calling the test failed.
pub const WAIT: Duration = Duration::from_secs(30);

/// A data dir holding one Telegram account (token in the keyring) with synced customer chats.
pub async fn shop_with_chats(sim: &SimProcess, data_dir: &std::path::Path) {
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
            "<img src=x onerror=alert(1)><b>grazie</b><script>window.pwned = 1</script>",
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
        .add_account(NewAccount::telegram("Forno Rossi", TOKEN).at(Some(sim.url.clone())))
        .await
        .expect("add the account (needs the session keyring)");
    let lock = inbox.lock_sync().unwrap();
    for done in inbox.sync_once(&lock).await.unwrap() {
        done.result.expect("initial sync");
    }
}

/// The chat-list row whose title is exactly `name`.
pub async fn conversation_named(driver: &WebDriver, name: &str) -> Option<WebElement> {
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

/// The text of every element matching `css`, in page order. textContent, not WebDriver's
/// visible text: WebKitWebDriver drops ellipsised (overflow: hidden) spans that are on screen.
/// One script, not a round trip per element: a long chat has hundreds in the page.
pub async fn texts_of(driver: &WebDriver, css: &str) -> Vec<String> {
    let Ok(found) = driver
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())",
            vec![serde_json::json!(css)],
        )
        .await
    else {
        return Vec::new();
    };
    serde_json::from_value(found.json().clone()).unwrap_or_default()
}

/// The texts of the messages shown in the open chat.
pub async fn texts(driver: &WebDriver) -> Vec<String> {
    texts_of(driver, "[data-testid=message-text]").await
}

/// Waits until an element matching `css` is in the window, and returns it.
/// When it never comes and `$SPORTELLO_SCREENSHOTS` is set, what the window showed instead is
/// saved there as `gave-up.png`.
pub async fn wait_for(driver: &WebDriver, what: &str, css: &str) -> WebElement {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(found) = driver.find(By::Css(css)).await {
            return found;
        }
        if std::time::Instant::now() > deadline {
            if let Some(dir) = std::env::var_os("SPORTELLO_SCREENSHOTS") {
                let _ = driver
                    .screenshot(&std::path::Path::new(&dir).join("gave-up.png"))
                    .await;
            }
            panic!("gave up waiting: {what}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Clicks the element marked `data-testid=<testid>` once it is there, as a person would.
pub async fn click(driver: &WebDriver, testid: &str) {
    wait_for(driver, testid, &format!("[data-testid={testid}]"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {testid}: {e}"));
}

/// How each character of `emoji` is drawn in the window's own font: as a coloured glyph (the
/// colour emoji font), as a grey one (a text font's outline), or as the missing-glyph box (the
/// width of a private-use character no font has). Drawn on a canvas with the page's fonts.
pub async fn emoji_drawing(driver: &WebDriver, emoji: &str) -> Vec<String> {
    let answer = driver
        .execute_async(
            r##"const [emoji, done] = arguments;
(async () => {
  const family = getComputedStyle(document.body).fontFamily;
  const out = [];
  for (const ch of Array.from(new Intl.Segmenter().segment(emoji), (s) => s.segment)) {
    await document.fonts.load(`32px ${family}`, ch);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext("2d");
    ctx.font = `32px ${family}`;
    const box = ctx.measureText("").width;
    const width = ctx.measureText(ch).width;
    ctx.fillStyle = "#000";
    ctx.fillText(ch, 8, 44);
    const px = ctx.getImageData(0, 0, 64, 64).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 40) coloured++;
    }
    out.push(coloured > 20 ? "colour" : Math.abs(width - box) < 0.5 ? "box" : "grey");
  }
  done(out);
})();"##,
            vec![serde_json::json!(emoji)],
        )
        .await
        .expect("draw the emoji");
    serde_json::from_value(answer.json().clone()).unwrap_or_default()
}

/// Chooses `item` (a testid) from the open chat's ⋮ menu in its header.
pub async fn from_chat_menu(driver: &WebDriver, item: &str) {
    click(driver, "chat-menu-button").await;
    click(driver, item).await;
}

/// Types `value` into the field marked `data-testid=<testid>`.
pub async fn fill(driver: &WebDriver, testid: &str, value: &str) {
    driver
        .find(By::Css(format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("{testid}: {e}"))
        .send_keys(value)
        .await
        .unwrap();
}

/// Sets a date or time field marked `data-testid=<testid>` to `value` ("2026-12-07",
/// "17:00") as its picker would: WebKitWebDriver cannot type into these fields' parts.
pub async fn pick(driver: &WebDriver, testid: &str, value: &str) {
    driver
        .execute(
            r#"const [testid, value] = arguments;
const field = document.querySelector(`[data-testid="${testid}"]`);
field.value = value;
field.dispatchEvent(new Event("input", { bubbles: true }));
field.dispatchEvent(new Event("change", { bubbles: true }));"#,
            vec![serde_json::json!(testid), serde_json::json!(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("{testid}: {e}"));
}

/// The text of the first element matching `css`.
pub async fn text_in(driver: &WebDriver, css: &str) -> String {
    driver
        .find(By::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
}
