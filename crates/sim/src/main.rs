//! `sportello-sim`: the simulator as its own process. Prints its address on the first line of
//! stdout, then serves until interrupted.

use clap::Parser;
use sportello_sim::telegram::Customer;
use sportello_sim::{Sim, SimOptions};
use std::io::Write;

#[derive(Parser)]
#[command(
    version,
    about = "Local Telegram Bot API and WhatsApp Cloud API simulator for Sportello's tests and demo"
)]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The bot token the simulated API accepts.
    #[arg(long, default_value = "1000001:sportello-sim")]
    token: String,
    /// Seed demo customer chats, and let customers answer replies.
    #[arg(long)]
    demo: bool,
    /// A customer the bot already knows, as CHAT_ID:NAME (repeatable): a restarted simulator
    /// can then receive replies to chats from before.
    #[arg(long = "customer", value_name = "CHAT_ID:NAME", value_parser = parse_customer)]
    customers: Vec<Customer>,
    /// Where the simulated WhatsApp delivers webhooks, e.g.
    /// http://127.0.0.1:8737/webhooks/meta (none: deliveries wait).
    #[arg(long, value_name = "URL")]
    whatsapp_webhook: Option<String>,
    /// The WhatsApp access token the simulated Graph API accepts.
    #[arg(long, default_value = "EAAG-sportello-sim")]
    whatsapp_token: String,
    /// The Meta app secret that signs webhook deliveries.
    #[arg(long, default_value = "sportello-sim-app-secret")]
    app_secret: String,
    /// The simulated number's phone number id.
    #[arg(long, default_value = "106540352242922")]
    phone_number_id: String,
    /// Where the simulated Messenger Page delivers webhooks (none: deliveries wait).
    #[arg(long, value_name = "URL")]
    messenger_webhook: Option<String>,
}

fn parse_customer(s: &str) -> Result<Customer, String> {
    let (id, name) = s.split_once(':').ok_or("expected CHAT_ID:NAME")?;
    let id = id.parse().map_err(|_| format!("{id:?} is not a chat id"))?;
    Ok(Customer::new(id, name))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    let sim = Sim::start(SimOptions {
        telegram_token: args.token,
        port: args.port,
        demo: args.demo,
        seed: args.demo,
        whatsapp: sportello_sim::WhatsAppOptions {
            access_token: args.whatsapp_token,
            app_secret: args.app_secret.clone(),
            phone_number_id: args.phone_number_id,
            webhook_url: args.whatsapp_webhook,
            ..Default::default()
        },
        messenger: sportello_sim::MessengerOptions {
            app_secret: args.app_secret.clone(),
            webhook_url: args.messenger_webhook,
            ..Default::default()
        },
    })
    .await?;
    for c in &args.customers {
        sim.telegram().know_customer(c);
    }
    let mut out = std::io::stdout();
    writeln!(out, "sportello-sim listening on {}", sim.url())?;
    out.flush()?;
    shutdown_signal().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("install SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
