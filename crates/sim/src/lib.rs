//! sportello-sim: local stand-ins for the platforms, over real HTTP on 127.0.0.1. Tests,
//! benchmarks and the in-app demo talk to it exactly as they would to Telegram.
//!
//! Three faces: the Bot API (`/bot<token>/<method>`, as Telegram documents it), the Graph API
//! of WhatsApp Cloud (under `/graph/<version>/`, with signed webhook deliveries to the app),
//! and a control API under `/control/` to play customers, read what the app sent and inject
//! faults.

mod control;
pub mod demo;
pub mod history;
pub mod messenger;
mod meta_webhooks;
mod params;
pub mod telegram;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod whatsapp;

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use messenger::{MessengerOptions, MessengerSim};
pub use telegram::TelegramSim;
pub use whatsapp::{WhatsAppOptions, WhatsAppSim};

#[derive(Debug, Clone)]
pub struct SimOptions {
    /// The bot token the simulated Bot API accepts; others get 401 like the real one.
    pub telegram_token: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Play the demo shop's customers: they are known to the bot and answer the shop's replies.
    pub demo: bool,
    /// With `demo`, also write their first messages (only on the demo's first run).
    pub seed: bool,
    /// The simulated WhatsApp number, its credentials and where it delivers webhooks.
    pub whatsapp: WhatsAppOptions,
    /// The simulated Facebook Page.
    pub messenger: MessengerOptions,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            telegram_token: "1000001:sportello-sim".into(),
            port: 0,
            demo: false,
            seed: false,
            whatsapp: WhatsAppOptions::default(),
            messenger: MessengerOptions::default(),
        }
    }
}

/// A running simulator; stops when dropped.
pub struct Sim {
    addr: SocketAddr,
    telegram: TelegramSim,
    whatsapp: WhatsAppSim,
    messenger: MessengerSim,
    stop: CancellationToken,
}

impl Sim {
    pub async fn start(options: SimOptions) -> std::io::Result<Sim> {
        let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
        let addr = listener.local_addr()?;
        let stop = CancellationToken::new();
        let telegram = TelegramSim::new(&options.telegram_token);
        if options.demo {
            demo::play_customers(&telegram, options.seed, stop.clone());
        }
        let whatsapp = WhatsAppSim::new(options.whatsapp.clone());
        whatsapp.start_delivering();
        let messenger = MessengerSim::new(options.messenger.clone());
        messenger.start_delivering();
        let app = Router::new()
            .merge(telegram::routes(telegram.clone()))
            .merge(control::routes(telegram.clone()))
            .merge(whatsapp::routes(whatsapp.clone()))
            .merge(whatsapp::control_routes(whatsapp.clone()))
            .merge(messenger::routes(messenger.clone()))
            .merge(messenger::control_routes(messenger.clone()));
        let stopped = stop.clone();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { stopped.cancelled().await })
                .await;
            if let Err(e) = served {
                tracing::error!("simulator stopped: {e}");
            }
        });
        Ok(Sim {
            addr,
            telegram,
            whatsapp,
            messenger,
            stop,
        })
    }

    /// Base URL to give as an account's API base, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn telegram(&self) -> &TelegramSim {
        &self.telegram
    }

    pub fn whatsapp(&self) -> &WhatsAppSim {
        &self.whatsapp
    }

    pub fn messenger(&self) -> &MessengerSim {
        &self.messenger
    }

    /// Base URL to give a Messenger account as its API base.
    pub fn messenger_graph_url(&self) -> String {
        format!("http://{}/messenger-graph", self.addr)
    }

    /// Base URL to give a WhatsApp account as its API base (the Graph API's stand-in).
    pub fn graph_url(&self) -> String {
        format!("http://{}/graph", self.addr)
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
