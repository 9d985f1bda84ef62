//! sportello-meta: Meta's channels. The Graph API client, the WhatsApp Cloud API and Messenger
//! channels, and
//! the webhook receiver that Meta's platforms deliver to (WhatsApp has no way to pull messages).

mod graph;
mod graph_errors;
pub mod messenger;
pub mod receiver;
pub mod signature;
pub mod whatsapp;

pub use messenger::MessengerChannel;
pub use receiver::{Receiver, ReceiverOptions, DEFAULT_LISTEN, WEBHOOK_PATH};
pub use whatsapp::WhatsAppChannel;

/// The Graph API version Sportello speaks; the simulator accepts any.
pub const GRAPH_VERSION: &str = "v23.0";
/// Where the Graph API lives when an account names no other server.
pub const GRAPH_BASE: &str = "https://graph.facebook.com";
