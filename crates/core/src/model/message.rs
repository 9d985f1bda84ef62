//! One message as a chat shows it: its direction, status, attachments and reactions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channel::ChannelKind;
use super::ids::{AccountId, ConversationId, MessageId};
use crate::error::code::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the customer to the shop.
    In,
    /// From the shop to the customer.
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in" => Some(Direction::In),
            "out" => Some(Direction::Out),
            _ => None,
        }
    }
}

/// Where a message stands. Outgoing messages move pending → sending → sent → delivered → read,
/// or end in failed (the platform refused it) or unknown (we cannot tell whether it went out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    Received,
    Pending,
    Sending,
    Sent,
    Delivered,
    Read,
    Failed,
    Unknown,
    /// Waiting in the outbox for the time the shop chose ("send later").
    Scheduled,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Received => "received",
            MessageStatus::Pending => "pending",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Read => "read",
            MessageStatus::Failed => "failed",
            MessageStatus::Unknown => "unknown",
            MessageStatus::Scheduled => "scheduled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "received" => MessageStatus::Received,
            "pending" => MessageStatus::Pending,
            "sending" => MessageStatus::Sending,
            "sent" => MessageStatus::Sent,
            "delivered" => MessageStatus::Delivered,
            "read" => MessageStatus::Read,
            "failed" => MessageStatus::Failed,
            "unknown" => MessageStatus::Unknown,
            "scheduled" => MessageStatus::Scheduled,
            _ => return None,
        })
    }

    /// How far a sent message has got, for statuses reported by the platform: a report only
    /// replaces a lower one. A failure outranks "sent" but not "delivered" or "read" (a message
    /// that was read did arrive, whatever a late report says).
    pub fn delivery_rank(self) -> u8 {
        match self {
            MessageStatus::Received
            | MessageStatus::Pending
            | MessageStatus::Sending
            | MessageStatus::Unknown
            | MessageStatus::Scheduled => 0,
            MessageStatus::Sent => 1,
            MessageStatus::Failed => 2,
            MessageStatus::Delivered => 3,
            MessageStatus::Read => 4,
        }
    }
}

/// One message as shown in a chat.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MessageView {
    #[ts(type = "number")]
    pub id: MessageId,
    #[ts(type = "number")]
    pub conversation_id: ConversationId,
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub direction: Direction,
    /// "text", or the kind of a non-text message ("photo", "voice", "unsupported:…").
    pub kind: String,
    pub text: String,
    pub sent_at: String,
    pub status: MessageStatus,
    pub sender_name: Option<String>,
    /// Why a message failed or is in doubt, in words the shop owner can act on (English: the
    /// window says it by `error_code` and keeps this as the detail).
    pub error: Option<String>,
    pub error_code: Option<ErrorCode>,
    pub edited: bool,
    pub deleted: bool,
    pub forwarded_from: Option<String>,
    /// The platform's id of this message (None until an outgoing one is accepted).
    pub remote_id: Option<String>,
    /// The platform id of the message this one replies to.
    pub reply_to_remote_id: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// Reactions to this message, one per person.
    pub reactions: Vec<ReactionView>,
    /// Sent by Sportello on its own (an away message, a FAQ answer), not by a person.
    pub automated: bool,
    /// Part of a broadcast (news to customers who agreed), not a reply.
    pub broadcast: bool,
    /// When a scheduled message goes out (RFC 3339).
    pub scheduled_at: Option<String>,
    /// The platform gave a time that cannot be right (before 1970, or days ahead): `sent_at`
    /// is when it arrived instead.
    pub sent_at_unsure: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReactionView {
    pub emoji: String,
    /// The shop's own reaction.
    pub mine: bool,
}

/// A file or place attached to a message. The bytes are fetched on first view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttachmentView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    #[ts(type = "number | null")]
    pub size_bytes: Option<i64>,
    #[ts(type = "number | null")]
    pub width: Option<i64>,
    #[ts(type = "number | null")]
    pub height: Option<i64>,
    #[ts(type = "number | null")]
    pub duration_secs: Option<i64>,
    /// Kind-specific details as JSON (coordinates, contact card).
    pub meta: Option<String>,
    /// Whether the bytes are already in the local cache (viewable offline).
    pub downloaded: bool,
    /// Why the last download failed; Sportello keeps trying.
    pub fetch_error: Option<String>,
}
