//! The simulated Telegram's cast and knobs: customers, business accounts, what the bot sent,
//! and the faults the next calls will meet.

use serde::{Deserialize, Serialize};

/// A real 2×2 PNG, served as every photo's thumbnail so a window can show it.
pub const THUMBNAIL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xdf, 0xc0, 0x00,
    0x44, 0x0c, 0x10, 0x0a, 0x00, 0x2d, 0xee, 0x05, 0xfd, 0x8b, 0x3f, 0x6e, 0x84, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A customer as the simulator plays them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    pub chat_id: i64,
    pub first_name: String,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    /// The app language Telegram reports for the user ("it", "pt-br").
    #[serde(default)]
    pub language_code: Option<String>,
}

impl Customer {
    /// A customer known by first name only, as many Telegram users are.
    pub fn new(chat_id: i64, first_name: &str) -> Self {
        Customer {
            chat_id,
            first_name: first_name.to_owned(),
            last_name: None,
            username: None,
            language_code: None,
        }
    }
}

/// A message the bot sent, as recorded for tests to read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// The text, or a file's caption.
    pub text: String,
    /// "text", "photo" or "document".
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub file_size: Option<usize>,
    pub date: i64,
    #[serde(default)]
    pub business_connection_id: Option<String>,
    #[serde(default)]
    pub reply_to_message_id: Option<i64>,
}

/// A shop owner's Telegram Business account, connected to the bot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BusinessAccount {
    pub id: String,
    pub owner: Customer,
    #[serde(default = "yes")]
    pub can_reply: bool,
    #[serde(default = "yes")]
    pub is_enabled: bool,
}

fn yes() -> bool {
    true
}

/// Faults the next calls will meet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Faults {
    /// How many Bot API calls fail next.
    #[serde(default)]
    pub fail_next: u32,
    /// The HTTP status they fail with (429 carries retry_after, like Telegram).
    #[serde(default = "default_fault_status")]
    pub status: u16,
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Latency added to every Bot API call while set.
    #[serde(default)]
    pub delay_ms: u64,
    /// How many calls have their connection dropped before the server does anything.
    #[serde(default)]
    pub drop_before: u32,
    /// How many sendMessage calls are carried out and then have their connection dropped, so
    /// the client cannot know the message went out.
    #[serde(default)]
    pub drop_after_send: u32,
    /// How many of the next customer messages are delivered twice (two updates, one message),
    /// as an at-least-once platform may.
    #[serde(default)]
    pub duplicate_next: u32,
}

fn default_fault_status() -> u16 {
    500
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            fail_next: 0,
            status: default_fault_status(),
            retry_after: None,
            delay_ms: 0,
            drop_before: 0,
            drop_after_send: 0,
            duplicate_next: 0,
        }
    }
}
