//! A seeded, realistic shop history for benchmarks: by default 1,000,000 messages over 5,000
//! conversations across Telegram, WhatsApp and Messenger, sized like real life (two chats of
//! 100,000, a thousand of about 750, thousands of about 10), in Italian, Portuguese, Spanish
//! and English with emoji, one message in ten with media. The same seed gives the same history
//! byte for byte.
//!
//! The history comes out as the platforms' own payloads, in time order, in batches per
//! channel, so what is measured is the app's whole inbound path (normalize, dedupe, store, FTS).

mod chat;
mod payloads;
mod shop;
mod text;

pub use chat::{Chat, HistoryChannel, Media};
pub use payloads::{MESSENGER_PAGE_ID, WHATSAPP_DISPLAY_NUMBER, WHATSAPP_PHONE_NUMBER_ID};
pub use shop::{PayloadBatch, ShopHistory, END_MS, RARE_WORD};
pub use text::Lang;
