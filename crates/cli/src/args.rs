//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::args_hours::{AutoReplyCommand, FaqCommand, HoursCommand};
use crate::args_reach::{BroadcastCommand, ConsentCommand, CustomersCommand, PostersCommand};

#[derive(Parser)]
#[command(
    name = "sportello-cli",
    version,
    about = "Sportello without the window: accounts, sync, chats, search and replies"
)]
pub struct Cli {
    /// Where Sportello keeps its data (default: the OS's per-user data folder).
    #[arg(long, global = true, env = "SPORTELLO_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// One customer across channels: show, merge, unmerge, suggestions.
    Customers {
        #[command(subcommand)]
        command: CustomersCommand,
    },
    /// The consent ledger: record, withdraw, list, export for an inspector.
    Consent {
        #[command(subcommand)]
        command: ConsentCommand,
    },
    /// Broadcasts to customers who agreed: create, preflight, send, show.
    Broadcast {
        #[command(subcommand)]
        command: BroadcastCommand,
    },
    /// Click-to-chat posters: links, QR codes, a printable page, arrivals.
    Posters {
        #[command(subcommand)]
        command: PostersCommand,
    },
    /// Connect, list and remove channel accounts.
    Accounts {
        #[command(subcommand)]
        command: AccountsCommand,
    },
    /// Receive new messages and send queued replies; runs until Ctrl+C unless --once.
    Sync {
        /// Fetch everything pending, send the outbox, then exit.
        #[arg(long)]
        once: bool,
        /// Where the webhook receiver for WhatsApp and Messenger listens. Only this machine
        /// by default; another address (e.g. 0.0.0.0:8737) is an explicit choice.
        #[arg(long, value_name = "ADDR:PORT", default_value = sportello_meta::DEFAULT_LISTEN, conflicts_with = "once")]
        listen: std::net::SocketAddr,
    },
    /// List conversations, newest first (or the longest waiting first with --needs-reply).
    Conversations {
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Only conversations with this label.
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
        /// Only open, snoozed or done conversations.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Open conversations whose customer waits for an answer, the longest waiting first.
        #[arg(long)]
        needs_reply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show a conversation's messages, oldest first.
    Messages {
        conversation: i64,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only messages before this message id (for paging back).
        #[arg(long, value_name = "MESSAGE")]
        before: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Search every channel's messages (accents and case do not matter).
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Reply in a conversation, on the channel the customer used.
    Send {
        conversation: i64,
        /// The message, or the caption of --file.
        #[arg(default_value = "")]
        text: String,
        /// A photo or document to send (up to 50 MB).
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// Reply to this message (its id in `messages`).
        #[arg(long, value_name = "MESSAGE", conflicts_with = "file")]
        reply_to: Option<i64>,
        /// Send this approved WhatsApp template instead of text (see `templates`); the only
        /// message allowed more than 24 hours after the customer last wrote.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["file", "reply_to"], requires = "language")]
        template: Option<String>,
        /// The template's language code, e.g. it or en_US.
        #[arg(long, value_name = "CODE")]
        language: Option<String>,
        /// A value for the template's next placeholder ({{1}}, {{2}}…); repeat in order.
        #[arg(long = "param", value_name = "VALUE")]
        params: Vec<String>,
        /// Send this quick reply, filled in for the conversation's customer (with its file).
        #[arg(long, value_name = "SHORTCUT", conflicts_with_all = ["file", "reply_to", "template"])]
        quick_reply: Option<String>,
        /// Send later, at this time (RFC 3339, e.g. 2026-12-24T09:00:00+01:00); `sync` sends it
        /// then.
        #[arg(long, value_name = "RFC3339", conflicts_with_all = ["file", "reply_to", "template", "quick_reply"])]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The shop's quick replies: snippets typed with a shortcut.
    #[command(name = "quick-replies")]
    QuickReplies {
        #[command(subcommand)]
        command: QuickRepliesCommand,
    },
    /// The shop's labels.
    Labels {
        #[command(subcommand)]
        command: LabelsCommand,
    },
    /// Put labels on a conversation (a label of a group takes the others of its group off).
    Label {
        conversation: i64,
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Take labels off a conversation.
    Unlabel {
        conversation: i64,
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Notes about a conversation's customer (they stay on this computer).
    Notes {
        #[command(subcommand)]
        command: NotesCommand,
    },
    /// Mark a conversation done; a new message from the customer opens it again.
    Done { conversation: i64 },
    /// Open a conversation again (from done or snoozed).
    Reopen { conversation: i64 },
    /// Snooze a conversation until a time; by default a message from the customer ends it.
    Snooze {
        conversation: i64,
        #[arg(long, value_name = "RFC3339")]
        until: String,
        /// Keep it snoozed even if the customer writes.
        #[arg(long)]
        even_if_reply: bool,
    },
    /// Be reminded of a conversation if the customer does not answer within a time (2d, 3h).
    #[command(name = "follow-up")]
    FollowUp {
        conversation: i64,
        #[arg(long, value_name = "DURATION")]
        after: String,
    },
    /// Messages waiting to be sent later.
    Scheduled {
        #[command(subcommand)]
        command: ScheduledCommand,
    },
    /// List the message templates Meta approved for a WhatsApp account.
    Templates {
        account: i64,
        #[arg(long)]
        json: bool,
    },
    /// The shop's opening hours (one schedule for every channel).
    Hours {
        #[command(subcommand)]
        command: HoursCommand,
    },
    /// Messages Sportello sends on its own: the away message and the greeting.
    #[command(name = "auto-reply")]
    AutoReply {
        #[command(subcommand)]
        command: AutoReplyCommand,
    },
    /// Question cards answered automatically (off until switched on).
    Faq {
        #[command(subcommand)]
        command: FaqCommand,
    },
    /// How fast the shop replies: who waits now, first-reply times in opening hours.
    Stats {
        #[arg(long, default_value_t = 7)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// A copy of the message store (consistent, while the app runs too); without FILE, an
    /// automatic one in the data folder's backups/ (the newest seven are kept).
    Backup {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Put a backup (or the newest automatic one) in place of the message store. The current
    /// store is kept aside, renamed; close the app first.
    Restore {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Check the message store for damage (SQLite's integrity check; slow on a big store).
    Check,
    /// A chat (or every chat) as a readable HTML page with its photos and files, and as plain
    /// text, written into DIR.
    Export {
        #[arg(required_unless_present = "all")]
        conversation: Option<i64>,
        #[arg(long, conflicts_with = "conversation")]
        all: bool,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// React to a message with an emoji (an empty one takes the reaction back).
    React { message: i64, emoji: String },
    /// Download an attachment (if not yet in the local cache) and print its file's path.
    Media {
        attachment: i64,
        /// The small preview instead of the full file, where the platform has one.
        #[arg(long)]
        thumbnail: bool,
    },
}

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Connect an account. Secrets are read from standard input, never from the command line.
    Add {
        channel: ChannelArg,
        #[arg(long)]
        name: String,
        /// A custom API server (a self-hosted Bot API, the simulator).
        #[arg(long, value_name = "URL")]
        api_base: Option<String>,
        /// WhatsApp: the phone number id (Meta dashboard → WhatsApp → API Setup).
        #[arg(long, value_name = "ID", required_if_eq("channel", "whatsapp"))]
        phone_number_id: Option<String>,
        /// WhatsApp: the WhatsApp Business Account id (same page).
        #[arg(long, value_name = "ID", required_if_eq("channel", "whatsapp"))]
        waba_id: Option<String>,
        /// Messenger: the Facebook Page's id.
        #[arg(long, value_name = "ID", required_if_eq("channel", "messenger"))]
        page_id: Option<String>,
        /// Messenger: reply up to 7 days after the customer's last message with the HUMAN_AGENT
        /// tag (only if Meta gave the Page that permission).
        #[arg(long)]
        human_agent: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account, its history and its keyring entry.
    Remove { id: i64 },
    /// Give an account new credentials (e.g. a token revoked in BotFather, an expired Meta
    /// access token), read from standard input as for `add`. Queued replies are kept and go
    /// out afterwards.
    Reconnect { id: i64 },
    /// Receive this account's messages here when another program (or a webhook) holds them.
    /// For Telegram this removes the bot's webhook; waiting messages are kept.
    TakeOver { id: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ChannelArg {
    Telegram,
    Whatsapp,
    Messenger,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Open,
    Snoozed,
    Done,
}

#[derive(Subcommand)]
pub enum QuickRepliesCommand {
    /// Add (or replace) a quick reply. The text may use {first_name}, {name} and {shop}, each
    /// with a fallback: {first_name|cliente}.
    Add {
        shortcut: String,
        text: String,
        /// A photo or document sent with it.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// The approved WhatsApp template to offer instead when the reply window is closed.
        #[arg(long, value_name = "NAME", requires = "language")]
        template: Option<String>,
        #[arg(long, value_name = "CODE")]
        language: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        shortcut: String,
    },
    /// Write every quick reply (files inside) as JSON, to a file or standard output.
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Add the quick replies of an export (a shortcut the shop has is replaced).
    Import {
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum LabelsCommand {
    Add {
        name: String,
        /// Like #25d366; one is picked when not given.
        #[arg(long, value_name = "HEX")]
        color: Option<String>,
        /// Labels of a group exclude each other on a conversation (e.g. an order's state).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum NotesCommand {
    Add {
        conversation: i64,
        text: String,
    },
    List {
        conversation: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ScheduledCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    Cancel {
        message: i64,
    },
}
