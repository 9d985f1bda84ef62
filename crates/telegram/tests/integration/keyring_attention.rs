//! An account whose secrets are gone from the keyring waits for the owner. Opening its chats
//! does not make it read the keyring again each time: on a desktop, each read of a locked
//! keyring can offer to unlock it. The keyring answering again does make it retry. Runs against
//! the session's real gnome-keyring (scripts/headless-session.sh).

use std::time::Duration;

use crate::common::*;
use sportello_core::secrets::SecretName;
use sportello_core::{secrets, AccountSecrets, AccountState, CoreEvent, DEMO_BOT_TOKEN};
use tokio::sync::broadcast::Receiver;

fn stopped_on_missing_secret(e: &CoreEvent) -> bool {
    matches!(
        e,
        CoreEvent::AccountState {
            state: AccountState::NeedsAttention { code, .. },
            ..
        } if code == "SecretMissing"
    )
}

/// How many times the account reported its secret missing within `window`.
async fn reports_within(events: &mut Receiver<CoreEvent>, window: Duration) -> usize {
    let mut n = 0;
    let _ = tokio::time::timeout(window, async {
        while let Ok(e) = events.recv().await {
            if stopped_on_missing_secret(&e) {
                n += 1;
            }
        }
    })
    .await;
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_secret_is_retried_when_the_keyring_answers_not_on_every_chat_opened() {
    let sim = sim_on(0).await;
    let (shop, account) = shop_with_account(
        &sim,
        AccountSecrets::default().with(SecretName::BotToken, DEMO_BOT_TOKEN),
        false,
    )
    .await;
    let chat = chat_with_marco(&sim, &shop).await;
    let inbox = &shop.inbox;

    // The entry disappears (another program, a reset keyring): the account stops on it.
    secrets::delete(&account.secret_ref).unwrap();
    let mut events = inbox.subscribe();
    inbox.start_sync(inbox.lock_sync().unwrap()).await.unwrap();
    next_matching(&mut events, "the account stopped on its secret", |e| {
        stopped_on_missing_secret(e)
    })
    .await;

    // The owner opens the chat, again and again: the keyring is left alone.
    for _ in 0..3 {
        inbox.mark_read(chat).await.unwrap();
    }
    assert_eq!(
        reports_within(&mut events, Duration::from_secs(2)).await,
        0,
        "opening a chat made the account read the keyring again"
    );

    // The keyring answers (the window's "Try again"): the account reads it again at once.
    inbox.keyring_health().await.unwrap();
    next_matching(&mut events, "the account tried its secret again", |e| {
        stopped_on_missing_secret(e)
    })
    .await;
    inbox.stop_sync().await;
}
