//! sportello-sim: local stand-ins for the platforms, over real HTTP on 127.0.0.1. Tests,
//! benchmarks and the in-app demo talk to it exactly as they would to Telegram.
//!
//! Two faces: the platform API (`/bot<token>/<method>`, as documented by Telegram) and a
//! control API under `/control/` to play the customer, read what the app sent and inject faults.

mod control;
pub mod demo;
mod params;
pub mod telegram;
pub mod testkit;

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use telegram::TelegramSim;

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
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            telegram_token: "1000001:sportello-sim".into(),
            port: 0,
            demo: false,
            seed: false,
        }
    }
}

/// A running simulator; stops when dropped.
pub struct Sim {
    addr: SocketAddr,
    telegram: TelegramSim,
    stop: CancellationToken,
}

impl Sim {
    pub async fn start(options: SimOptions) -> std::io::Result<Sim> {
        let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
        let addr = listener.local_addr()?;
        let telegram = TelegramSim::new(&options.telegram_token, options.demo);
        if options.demo {
            demo::play_customers(&telegram, options.seed);
        }
        let app = Router::new()
            .merge(telegram::routes(telegram.clone()))
            .merge(control::routes(telegram.clone()));
        let stop = CancellationToken::new();
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
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
