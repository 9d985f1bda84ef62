//! Settings → Channels from the window alone: adding a Telegram bot puts its token in the real
//! keyring (gnome-keyring in the test session) and nowhere else; editing renames it and renews
//! its token after the platform accepts it; removing the account takes the keyring entry away.
//! Without any keyring, the window says how to get one, and recovers once there is one.

use sportello_core::paths;
use sportello_core::secrets;
use sportello_core::secrets::SecretName;
use sportello_core::store::Store;
use sportello_e2e::{click, eventually, fill, text_in, wait_for, AppWindow, TOKEN, WAIT};
use sportello_sim::testkit::SimProcess;
use thirtyfour::prelude::*;

/// The keyring entry of the data dir's only account, read the way Sportello reads it.
fn only_secret_ref(data: &std::path::Path) -> Option<String> {
    let store = Store::open(&paths::cache_file(data)).ok()?;
    store
        .accounts()
        .ok()?
        .into_iter()
        .next()
        .map(|a| a.secret_ref)
}

#[tokio::test(flavor = "multi_thread")]
async fn adding_and_removing_a_bot_creates_and_removes_its_keyring_entry() {
    let sim = SimProcess::spawn(TOKEN);
    let data = tempfile::tempdir().unwrap();
    let app = AppWindow::launch(data.path()).await;
    let d = &app.driver;
    click(d, "add-channel").await;
    click(d, "add-telegram").await;
    d.find(By::Css("[data-testid=tg-name]"))
        .await
        .unwrap()
        .send_keys("Forno Rossi")
        .await
        .unwrap();
    d.find(By::Css("[data-testid=token]"))
        .await
        .unwrap()
        .send_keys(TOKEN)
        .await
        .unwrap();
    wait_for(
        d,
        "the API server field",
        "[data-testid=telegram-form] summary",
    )
    .await
    .click()
    .await
    .unwrap();
    d.find(By::Css("[data-testid=tg-api-base]"))
        .await
        .unwrap()
        .send_keys(&sim.url)
        .await
        .unwrap();
    click(d, "telegram-form-connect").await;

    let secret_ref = eventually("the account is saved", WAIT, || async {
        only_secret_ref(data.path())
    })
    .await;
    let stored = secrets::load(&secret_ref).expect("the token is in the keyring");
    assert_eq!(
        stored
            .get(SecretName::BotToken)
            .map(|t| t.expose().as_str()),
        Some(TOKEN)
    );

    click(d, "open-settings").await;
    let status = wait_for(d, "the account's status", "[data-testid=channel-status]").await;
    eventually("the account says it is connected", WAIT, || async {
        let text = status.prop("textContent").await.ok()??;
        (!text.trim().is_empty()).then_some(())
    })
    .await;
    // Edit: a token the platform refuses changes nothing; a new one from BotFather replaces the
    // keyring entry, and the new name shows.
    click(d, "edit-account").await;
    let name = wait_for(d, "the name field", "[data-testid=edit-name]").await;
    name.clear().await.unwrap();
    name.send_keys("Forno Rossi Centro").await.unwrap();
    fill(d, "edit-token", "999:not-a-token").await;
    click(d, "save-account").await;
    wait_for(d, "the refusal", "[data-testid=channels] .error").await;
    assert_eq!(
        secrets::load(&secret_ref)
            .unwrap()
            .get(SecretName::BotToken)
            .map(|t| t.expose().clone()),
        Some(TOKEN.to_owned()),
        "a refused token never replaces the working one"
    );
    const NEW_TOKEN: &str = "424242:renewed-by-botfather";
    sim.control().revoke_token(NEW_TOKEN).await;
    let token = d.find(By::Css("[data-testid=edit-token]")).await.unwrap();
    token.clear().await.unwrap();
    token.send_keys(NEW_TOKEN).await.unwrap();
    click(d, "save-account").await;
    eventually("the new name is shown", WAIT, || async {
        text_in(d, "[data-testid=channel-account] strong")
            .await
            .eq("Forno Rossi Centro")
            .then_some(())
    })
    .await;
    assert_eq!(
        secrets::load(&secret_ref)
            .unwrap()
            .get(SecretName::BotToken)
            .map(|t| t.expose().clone()),
        Some(NEW_TOKEN.to_owned())
    );

    click(d, "remove-account").await;
    click(d, "confirm-remove").await;
    eventually("the keyring entry is gone", WAIT, || async {
        matches!(
            secrets::load(&secret_ref),
            Err(sportello_core::Error::SecretMissing)
        )
        .then_some(())
    })
    .await;
    assert!(
        only_secret_ref(data.path()).is_none(),
        "the account is gone too"
    );
    app.quit().await;
}
