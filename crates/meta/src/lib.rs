//! sportello-meta: Meta's channels. The Graph API client, the WhatsApp Cloud API and Messenger
//! channels, and the webhook receiver that Meta's platforms deliver to (WhatsApp has no way to
//! pull messages).

mod graph;
pub mod json;
pub mod messenger;
pub mod receiver;
pub mod signature;
pub mod whatsapp;

pub use graph::{GRAPH_BASE, GRAPH_VERSION};
pub use messenger::MessengerChannel;
pub use receiver::{Receiver, ReceiverOptions, DEFAULT_LISTEN, WEBHOOK_PATH};
pub use whatsapp::WhatsAppChannel;
