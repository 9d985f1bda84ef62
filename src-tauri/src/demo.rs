//! "Try the demo": a Telegram account served by the in-process simulator, with a few seeded
//! customer chats. Clearly marked as demo; it never touches the keyring or the network.

use std::sync::Arc;

use sportello_core::model::Account;
use sportello_core::{Error, Inbox, NewAccount, DEMO_BOT_TOKEN};
use sportello_sim::{Sim, SimOptions};

/// The demo's simulator while the app runs (none until a demo account exists).
#[derive(Clone, Default)]
pub struct Demo {
    sim: Arc<tokio::sync::Mutex<Option<Sim>>>,
}

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

impl Demo {
    /// Adds the demo account (once) and its simulator.
    pub async fn start(&self, inbox: &Inbox) -> Result<Account, Error> {
        if let Some(existing) = inbox.accounts().await?.into_iter().find(|a| a.is_demo) {
            return Ok(existing);
        }
        let sim = start_sim(true).await?;
        let url = sim.url();
        *self.sim.lock().await = Some(sim);
        inbox
            .add_account(NewAccount::demo("Demo — Forno Rossi", url))
            .await
    }

    /// At start-up: a demo account from an earlier run gets a fresh simulator (new port). One
    /// started in this run (the owner pressed "Try the demo" before sync began) is kept.
    pub async fn resume(&self, inbox: &Inbox) -> Result<(), Error> {
        if self.sim.lock().await.is_some() {
            return Ok(());
        }
        let Some(demo) = inbox.accounts().await?.into_iter().find(|a| a.is_demo) else {
            return Ok(());
        };
        let sim = start_sim(false).await?;
        inbox.set_api_base(demo.id, sim.url()).await?;
        *self.sim.lock().await = Some(sim);
        Ok(())
    }
}
