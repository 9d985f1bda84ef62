//! The command line of customers and reach (one customer across channels, consent, broadcasts,
//! posters), as clap reads it.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum CustomersCommand {
    /// The customer behind a conversation: identities, chats, labels, notes, consent.
    Show {
        conversation: i64,
        #[arg(long)]
        json: bool,
    },
    /// The two chats are the same person: link their identities (nothing is deleted).
    Merge {
        conversation: i64,
        other: i64,
        #[arg(long)]
        json: bool,
    },
    /// Separate a chat's identity from the customer it was merged into.
    Unmerge {
        conversation: i64,
        #[arg(long)]
        json: bool,
    },
    /// Chats that may be the same person, with the evidence (never merged on their own).
    Suggestions {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BasisArg {
    /// The customer agreed.
    Consent,
    /// An existing customer (ePrivacy soft opt-in, for similar products).
    Customer,
}

#[derive(Subcommand)]
pub enum ConsentCommand {
    /// Record that the customer of a conversation agreed to a topic.
    Add {
        conversation: i64,
        #[arg(long)]
        topic: String,
        /// How: "paper form at the counter", "chat", "poster:vetrina-natale".
        #[arg(long)]
        source: String,
        /// The exact words the customer agreed to.
        #[arg(long)]
        wording: String,
        #[arg(long, value_name = "VERSION")]
        wording_version: Option<String>,
        /// The platform id of the message where they said yes.
        #[arg(long, value_name = "MESSAGE_ID")]
        proof: Option<String>,
        #[arg(long, value_enum, default_value = "consent")]
        basis: BasisArg,
        #[arg(long)]
        json: bool,
    },
    /// Withdraw a customer from a topic (or every topic), as they asked.
    Withdraw {
        conversation: i64,
        #[arg(long)]
        topic: Option<String>,
        #[arg(long, default_value = "asked the shop")]
        how: String,
        #[arg(long)]
        json: bool,
    },
    /// The ledger, oldest first.
    List {
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The ledger as CSV, for an inspector.
    Export {
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum BroadcastCommand {
    /// Compose a broadcast (sends nothing); prints its id.
    Create {
        #[arg(long)]
        topic: String,
        /// Everyone with this label.
        #[arg(
            long,
            conflicts_with = "conversations",
            required_unless_present = "conversations"
        )]
        label: Option<String>,
        /// Conversations picked by hand: ID,ID,…
        #[arg(long, value_delimiter = ',')]
        conversations: Vec<i64>,
        #[arg(long, default_value = "")]
        text: String,
        /// An approved WhatsApp template for customers outside the 24-hour window.
        #[arg(long, requires = "language")]
        template: Option<String>,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Who will receive it and, for everyone else, why not.
    Preflight {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Queue it (once, whatever happens) and send it at the platforms' pace.
    Send {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Per recipient: sent, delivered, read, failed (why) or unknown.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Every broadcast, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    A5,
}

#[derive(Subcommand)]
pub enum PostersCommand {
    /// Make a poster code: prints its three links and writes the QR codes and the poster.
    Create {
        /// 1-64 of A-Z a-z 0-9 - _ (e.g. vetrina-natale).
        code: String,
        /// The message the customer's WhatsApp opens with.
        #[arg(long, default_value = "")]
        text: String,
        /// Writing through the poster records consent to this topic…
        #[arg(long, requires = "consent_wording")]
        consent_topic: Option<String>,
        /// …with these exact words printed on the poster.
        #[arg(long, requires = "consent_topic")]
        consent_wording: Option<String>,
        #[arg(long)]
        consent_version: Option<String>,
        /// Where to write the QR codes (PNG, SVG) and the printable poster (PDF).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The poster's language (it, en, pt, es; default: this computer's).
        #[arg(long, value_name = "LANG")]
        poster_language: Option<String>,
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        #[arg(long)]
        json: bool,
    },
    /// Every poster with its links and how many customers arrived through it.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a poster (its arrivals stay in the chats' history).
    Remove { code: String },
}
