//! "Try the demo": a Telegram account served by the in-process simulator, with a few seeded
//! customer chats. Clearly marked as demo; it never touches the keyring or the network.

use sportello_core::model::{Account, ChannelKind};
use sportello_core::{AccountSecrets, Error, NewAccount, DEMO_BOT_TOKEN};
use sportello_sim::{Sim, SimOptions};

use crate::state::AppState;

async fn start_sim(seed: bool) -> Result<Sim, Error> {
    Sim::start(SimOptions {
        telegram_token: DEMO_BOT_TOKEN.into(),
        port: 0,
        demo: true,
        seed,
        ..SimOptions::default()
    })
    .await
    .map_err(|e| Error::Internal(format!("the demo could not start: {e}")))
}

/// Adds the demo account (once) and its simulator.
pub async fn start(state: &AppState) -> Result<Account, Error> {
    if let Some(existing) = state
        .inbox
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.is_demo)
    {
        return Ok(existing);
    }
    let sim = start_sim(true).await?;
    let url = sim.url();
    *state.demo.lock().await = Some(sim);
    state
        .inbox
        .add_account(NewAccount {
            channel: ChannelKind::Telegram,
            name: "Demo — Forno Rossi".into(),
            api_base: Some(url),
            secrets: AccountSecrets::default(),
            is_demo: true,
            ids: Default::default(),
        })
        .await
}

/// At start-up: a demo account from an earlier run gets a fresh simulator (new port). One
/// started in this run (the owner pressed "Try the demo" before sync began) is kept.
pub async fn resume(state: &AppState) -> Result<(), Error> {
    if state.demo.lock().await.is_some() {
        return Ok(());
    }
    let Some(demo) = state
        .inbox
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.is_demo)
    else {
        return Ok(());
    };
    let sim = start_sim(false).await?;
    state.inbox.set_api_base(demo.id, sim.url()).await?;
    *state.demo.lock().await = Some(sim);
    Ok(())
}
