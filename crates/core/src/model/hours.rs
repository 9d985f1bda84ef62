//! The shop's opening hours and the messages Sportello sends on its own (away, greeting, FAQ
//! answers), as the window and the CLI see them. Times of day are "HH:MM" and dates
//! "YYYY-MM-DD", in the shop's time zone: that is how a person writes them and reads them back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channel::ChannelKind;
use super::stored_file::StoredFile;

/// One weekly schedule for the whole shop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpeningHours {
    /// Monday first, seven days; each day up to three intervals (split shifts). An empty day
    /// is closed; a schedule with no interval at all means hours are not set.
    pub week: Vec<Vec<OpenInterval>>,
    /// An IANA zone ("Europe/Rome"); none means the computer's own.
    pub timezone: Option<String>,
    /// Holidays and vacations: closed on every date from `from` to `until`, both included.
    pub closed: Vec<ClosedDates>,
    /// A one-off "closing early today at 17:00".
    pub closing_early: Option<ClosingEarly>,
}

/// Open from `from` until `until` ("08:00"–"13:00"); an end before the start runs past
/// midnight into the next day ("22:00"–"02:00").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenInterval {
    pub from: String,
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClosedDates {
    pub from: String,
    pub until: String,
    /// What the owner calls it ("Ferragosto"), for the settings list.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClosingEarly {
    pub date: String,
    pub at: String,
}

/// Whether the shop is open now, and when that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HoursNow {
    /// Hours are set (otherwise nothing is shown and no away message goes).
    pub set: bool,
    pub open_now: bool,
    /// When it next opens or closes (RFC 3339), if within a year.
    pub next_change: Option<String>,
    /// The zone the schedule is read in, for showing times.
    pub timezone: String,
    /// The next change in the shop's zone as a person reads it: weekday (1 = Monday…7) and
    /// "HH:MM", and whether it is today or tomorrow there.
    pub next_change_weekday: Option<u8>,
    pub next_change_time: Option<String>,
    pub next_change_day: Option<RelativeDay>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RelativeDay {
    Today,
    Tomorrow,
    Later,
}

/// A message Sportello sends on its own, in the shop's default language and optionally in
/// others (the customer's language decides, when the platform tells it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoMessage {
    pub on: bool,
    pub text: String,
    /// The language `text` is written in ("it"), for the words Sportello fills in ({opens});
    /// none means this computer's.
    #[serde(default)]
    pub language: Option<String>,
    /// Language code ("it", "en", "pt", "es") → text.
    pub translations: BTreeMap<String, String>,
    /// Greeting only: also after this many days without contact (7, 14, 21 or 28); none means
    /// only a customer's first message ever.
    pub after_days: Option<u32>,
}

/// Which automatic message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutoKind {
    Away,
    Greeting,
    Faq,
}

impl AutoKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AutoKind::Away => "away",
            AutoKind::Greeting => "greeting",
            AutoKind::Faq => "faq",
        }
    }
}

/// A question card: keywords or phrases (any language) → an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FaqCard {
    pub id: String,
    pub keywords: Vec<String>,
    pub answer: String,
    /// A photo or document sent with the answer (the answer is its caption).
    #[ts(skip)]
    pub attachment: Option<StoredFile>,
    /// The attachment's name, for the settings list.
    #[serde(default)]
    pub attachment_name: Option<String>,
}

/// The automatic answers as set: away, greeting, and the FAQ cards with their switch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct AutoReplies {
    pub away: AutoMessage,
    pub greeting: AutoMessage,
    pub faq_on: bool,
    pub faq: Vec<FaqCard>,
    /// A WhatsApp number also used in the WhatsApp Business app (Coexistence): the phone's own
    /// greeting and away messages must be switched off there, or customers get both.
    pub coexistence_warning: bool,
}

/// Which FAQ card a sample message would trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FaqTest {
    /// The one card that matches; none when no card or several match.
    pub card: Option<FaqCard>,
    /// Every card that matched (more than one means no answer goes).
    pub matched: Vec<String>,
}

/// How fast the shop replies, from the local history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Figures {
    pub days: u32,
    /// Conversations waiting on the shop right now.
    pub waiting_now: u32,
    /// Since when the longest of them waits (RFC 3339).
    pub oldest_waiting_since: Option<String>,
    pub overall: ReplyFigures,
    pub channels: Vec<ChannelFigures>,
    /// Customer messages written while closed, and how many were answered by 10:00 of the
    /// next opening day.
    pub after_hours: u32,
    pub after_hours_answered_by_ten: u32,
    /// Incoming messages by weekday (Monday first) × hour, in the shop's zone.
    pub heat: Vec<Vec<u32>>,
}

/// First-reply times counted only while the shop is open (seconds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ReplyFigures {
    /// Customers' questions answered by a person in the period.
    pub answered: u32,
    pub first_reply_median_s: Option<i64>,
    pub first_reply_p90_s: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChannelFigures {
    pub channel: ChannelKind,
    #[serde(flatten)]
    #[ts(flatten)]
    pub figures: ReplyFigures,
}
