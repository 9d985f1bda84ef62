//! The in-process event bus: core publishes what changed, fronts (the app's events.rs, the CLI)
//! subscribe. One way only: nothing subscribes in order to change core.

use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::error::ErrorCode;
use crate::model::{AccountId, ConversationId, MessageId, MessageView};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
// Most events carry a whole message; a few hundred bytes per event on a broadcast channel is
// cheaper than a box per event.
#[allow(clippy::large_enum_variant)]
pub enum CoreEvent {
    /// New messages were stored (one event per ingested batch, however large).
    MessagesAdded {
        #[ts(type = "number")]
        account_id: AccountId,
        #[ts(type = "Array<number>")]
        conversations: Vec<ConversationId>,
        #[ts(type = "Array<number>")]
        messages: Vec<MessageId>,
    },
    /// Old messages or new names arrived that are not news (a history backfill, the owner's
    /// phone book): lists should be reloaded, nobody notified.
    ConversationsChanged {
        #[ts(type = "number")]
        account_id: AccountId,
    },
    /// A message changed in place: a local echo appeared, or an outgoing status moved.
    MessageChanged { message: MessageView },
    /// The shop owner discarded a message that had not gone out.
    MessageRemoved {
        #[ts(type = "number")]
        conversation_id: ConversationId,
        #[ts(type = "number")]
        message_id: MessageId,
    },
    /// Accounts were added or removed.
    AccountsChanged,
    /// How an account's sync is doing.
    AccountState {
        #[ts(type = "number")]
        account_id: AccountId,
        state: AccountState,
    },
    /// The shop's own state changed: its quick replies or labels, or one conversation's labels,
    /// status, read marks or notes.
    ShopChanged {
        area: ShopArea,
        #[ts(type = "number | null")]
        conversation_id: Option<ConversationId>,
    },
    /// The message store is damaged (found by the background check): restore a backup.
    StoreDamaged { detail: String },
    /// A snoozed chat came back at its time; a follow-up means the customer did not answer.
    SnoozeEnded {
        #[ts(type = "number")]
        conversation_id: ConversationId,
        follow_up: bool,
    },
}

/// Which part of the shop's own state changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShopArea {
    QuickReplies,
    Labels,
    Conversation,
    Notes,
    /// The opening hours (the header's Open/Closed).
    Hours,
    /// Away, greeting and FAQ answers.
    AutoReplies,
    /// A customer's identities (merges) or consent.
    Customer,
    /// The click-to-chat posters.
    Posters,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AccountState {
    Idle,
    /// Reading what arrived while Sportello was closed or offline; `received` counts the
    /// messages stored so far in this catch-up (platforms do not say how many are waiting).
    CatchingUp {
        #[ts(type = "number")]
        received: u64,
    },
    Live,
    /// The platform cannot be reached (or asks to slow down); retrying on its own. `reason` is
    /// core's English sentence, for the details.
    Offline {
        code: ErrorCode,
        reason: String,
    },
    /// Something only the shop owner can fix (a revoked token, a locked keyring).
    NeedsAttention {
        code: ErrorCode,
        reason: String,
    },
}

/// An account and how its sync is doing, for a window that opens after the events went by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccountStatus {
    #[ts(type = "number")]
    pub account_id: AccountId,
    pub state: AccountState,
}

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<CoreEvent>,
}

impl EventBus {
    pub fn new() -> Self {
        // Ingest publishes one event per batch, so even a backfill stays far below this.
        let (tx, _) = broadcast::channel(1024);
        EventBus { tx }
    }

    pub fn publish(&self, event: CoreEvent) {
        // No subscriber (the CLI's `sync --once`) is fine: the data is in SQLite already.
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.tx.subscribe()
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}
