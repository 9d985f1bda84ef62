//! The command line of opening hours, automatic replies and FAQ cards, as clap reads it.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum HoursCommand {
    /// The week in one line: "mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30" (days not
    /// named are closed; up to three intervals a day; an end before the start runs past
    /// midnight).
    Set {
        week: String,
        /// An IANA time zone (default: this computer's).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Closed on a date, or from a date until another (both included): holidays, vacations.
    Closed {
        #[arg(value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<String>,
        /// What to call it ("Ferragosto").
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Closing early today at a time (or on --date); --cancel takes it back.
    #[command(name = "close-early")]
    CloseEarly {
        #[arg(value_name = "HH:MM", required_unless_present = "cancel")]
        at: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        cancel: bool,
        #[arg(long)]
        json: bool,
    },
    /// The schedule, whether the shop is open now and when that changes.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum AutoReplyCommand {
    /// The away message, sent when a customer writes while the shop is closed ({first_name},
    /// {opens}, {shop}); switches it on.
    Away {
        #[arg(long)]
        text: String,
        /// The text for customers whose app is in this language (it, en, pt, es) instead of
        /// the shop's default.
        #[arg(long, value_name = "LANG")]
        language: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The greeting, sent on a customer's first message ever (and after --after-days
    /// without contact: 7, 14, 21 or 28); switches it on.
    Greeting {
        #[arg(long)]
        text: String,
        #[arg(long, value_name = "DAYS")]
        after_days: Option<u32>,
        #[arg(long, value_name = "LANG")]
        language: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Switch the away message or the greeting off (its text is kept).
    Off {
        #[arg(value_enum)]
        which: AutoArg,
    },
    /// What is set, as JSON or lines.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AutoArg {
    Away,
    Greeting,
}

#[derive(Subcommand)]
pub enum FaqCommand {
    /// A question card: comma-separated keywords or phrases (any language) and the answer.
    Add {
        #[arg(long)]
        keywords: String,
        #[arg(long)]
        answer: String,
        /// A photo or document sent with the answer.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: String,
    },
    /// Which card a sample message would trigger.
    Test {
        sample: String,
        #[arg(long)]
        json: bool,
    },
    /// Answer matching questions automatically.
    On,
    Off,
}
