//! The shop's vocabulary as the UI and the CLI see it: accounts, conversations, messages.
//! These types cross the IPC bridge (ts-rs generates their TypeScript twins), so field
//! names are a contract with the UI and with `sportello-cli --json`. One file per thing; this
//! one only names them.

mod account;
mod channel;
mod contact;
mod conversation;
mod counter;
mod hours;
mod ids;
mod message;
mod outgoing;
mod reach;
mod search;
mod shop_change;
mod stored_file;
mod sync_report;
mod template;

pub use account::{Account, BusinessLink, SyncGap};
pub use channel::ChannelKind;
pub use contact::{ContactCard, CustomerIdentity, IdentityKind};
pub use conversation::{ChatCounts, ChatFilter, ConversationSummary, ReplyBlock, ReplyWindow};
pub use counter::{
    ConversationStatus, CustomerNote, Label, NoteVersion, QuickReply, QuickReplyAttachment,
    RenderedQuickReply, Snooze, TemplateRef, WaitingOn,
};
pub use hours::{
    AutoKind, AutoMessage, AutoReplies, ChannelFigures, ClosedDates, ClosingEarly, FaqCard,
    FaqTest, Figures, HoursNow, OpenInterval, OpeningHours, RelativeDay, ReplyFigures,
};
pub use ids::{AccountId, ConversationId, MessageId};
pub use message::{AttachmentView, Direction, MessageStatus, MessageView, ReactionView};
pub use outgoing::OutgoingFile;
pub use reach::{
    Audience, Broadcast, BroadcastRecipient, BroadcastReport, Consent, ConsentBasis, Customer,
    CustomerChannel, CustomerMerge, ExclusionReason, MergeEvidence, MergeHow, MergeSuggestion,
    Poster, PosterLink, PosterView, Preflight,
};
pub use search::{NoteHit, SearchFragment, SearchHit};
pub use shop_change::{ConversationKey, ShopChange, StoredFile};
pub use sync_report::SyncReport;
pub use template::{MessageTemplate, TemplateChoice};
