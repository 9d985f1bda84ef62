//! Meta's channels' integration tests, one binary: WhatsApp and Messenger against the
//! simulator's Graph API and its signed webhook deliveries, the receiver, and secrets.

mod common;
mod messenger;
mod messenger_replies;
mod receiver;
mod secrets;
mod whatsapp_sync;
mod whatsapp_window;
