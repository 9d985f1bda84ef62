//! The simulated Telegram Bot API: getMe, getUpdates (offset confirmation and long polling as
//! documented), sendMessage, with Telegram's own error shapes and injectable faults.

mod bot;
mod customers;
mod http;
mod model;

pub use bot::{now_secs, TelegramSim};
pub(crate) use http::dropped_connection;
pub use http::routes;
pub use model::{BusinessAccount, Customer, Faults, SentMessage, THUMBNAIL_PNG};
