//! The one check every message Sportello sends on its own passes before it is queued (and
//! again before it leaves): the platforms allow an automatic message only as an answer to a
//! customer who just wrote, inside the channel's reply window.
//!
//! - WhatsApp: free-form messages only within 24 hours of the customer's last message
//!   (outside it the Cloud API refuses with 131047).
//! - Messenger: automated messages only within the standard 24 hours, sent with
//!   `messaging_type` RESPONSE; the HUMAN_AGENT tag (7 days) is for replies a person wrote and
//!   must never carry automated content.
//! - Telegram: a bot answers a private chat the customer started; through a business
//!   connection only with the `can_reply` right and within 24 hours of the customer's message.
//! - Never in a group, and never again to a chat that refused the last automatic message.

use crate::model::{ChannelKind, ReplyWindow};

/// 24 hours: the standard window on every channel that has one.
pub const STANDARD_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// An automatic answer goes only to a message written this recently: one arriving hours late
/// (the laptop was off) would read as a person ignoring the customer, then a robot.
pub const FRESH_MS: i64 = 3600 * 1000;

/// What the check needs to know about the conversation.
#[derive(Debug, Clone)]
pub struct Facts {
    pub channel: ChannelKind,
    pub private: bool,
    /// A Telegram Business chat (the bot answers for the owner's account).
    pub business_chat: bool,
    /// The window as a person's reply sees it.
    pub reply_window: ReplyWindow,
    pub last_customer_message_at: Option<i64>,
    /// Telegram Business: the connection's right to reply (None: not known yet).
    pub can_reply: Option<bool>,
    /// The last automatic message to this chat was refused by the platform.
    pub refused_last: bool,
}

/// Why no automatic message may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotPrivate,
    NotFresh,
    WindowClosed,
    NoReplyRight,
    RefusedBefore,
}

/// Whether an automatic answer to a customer message sent at `asked_at` may be queued now.
pub fn may_send_automated(f: &Facts, asked_at: i64, now: i64) -> Result<(), Refusal> {
    if !f.private {
        return Err(Refusal::NotPrivate);
    }
    if f.refused_last {
        return Err(Refusal::RefusedBefore);
    }
    if asked_at < now - FRESH_MS {
        return Err(Refusal::NotFresh);
    }
    if f.business_chat && f.can_reply != Some(true) {
        return Err(Refusal::NoReplyRight);
    }
    if let ReplyWindow::Closed { .. } = f.reply_window {
        return Err(Refusal::WindowClosed);
    }
    let needs_window = f.channel != ChannelKind::Telegram || f.business_chat;
    if needs_window && !inside_standard_window(f.last_customer_message_at, now) {
        return Err(Refusal::WindowClosed);
    }
    Ok(())
}

/// Within 24 hours of the customer's last message (never the HUMAN_AGENT extension).
pub fn inside_standard_window(last_customer_message_at: Option<i64>, now: i64) -> bool {
    last_customer_message_at.is_some_and(|last| now < last.saturating_add(STANDARD_WINDOW_MS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReplyBlock;

    const NOW: i64 = 1_800_000_000_000;

    fn facts(channel: ChannelKind) -> Facts {
        Facts {
            channel,
            private: true,
            business_chat: false,
            reply_window: ReplyWindow::Open,
            last_customer_message_at: Some(NOW - 1000),
            can_reply: None,
            refused_last: false,
        }
    }

    #[test]
    fn a_fresh_private_message_may_be_answered_on_every_channel() {
        for channel in [
            ChannelKind::Telegram,
            ChannelKind::Whatsapp,
            ChannelKind::Messenger,
        ] {
            assert_eq!(may_send_automated(&facts(channel), NOW - 1000, NOW), Ok(()));
        }
    }

    #[test]
    fn groups_old_messages_and_refusing_chats_are_not_answered() {
        let mut f = facts(ChannelKind::Telegram);
        f.private = false;
        assert_eq!(may_send_automated(&f, NOW, NOW), Err(Refusal::NotPrivate));
        let f = facts(ChannelKind::Whatsapp);
        assert_eq!(
            may_send_automated(&f, NOW - 2 * FRESH_MS, NOW),
            Err(Refusal::NotFresh)
        );
        let mut f = facts(ChannelKind::Messenger);
        f.refused_last = true;
        assert_eq!(
            may_send_automated(&f, NOW, NOW),
            Err(Refusal::RefusedBefore)
        );
    }

    #[test]
    fn messenger_never_uses_the_human_agent_days() {
        // Day 3 of the HUMAN_AGENT window: a person may still reply, automation may not.
        let mut f = facts(ChannelKind::Messenger);
        f.last_customer_message_at = Some(NOW - 3 * STANDARD_WINDOW_MS);
        f.reply_window = ReplyWindow::ClosesAt { at: "later".into() };
        assert_eq!(
            may_send_automated(&f, NOW - 1000, NOW),
            Err(Refusal::WindowClosed)
        );
    }

    #[test]
    fn telegram_business_needs_the_reply_right() {
        let mut f = facts(ChannelKind::Telegram);
        f.business_chat = true;
        assert_eq!(may_send_automated(&f, NOW, NOW), Err(Refusal::NoReplyRight));
        f.can_reply = Some(true);
        assert_eq!(may_send_automated(&f, NOW, NOW), Ok(()));
        f.reply_window = ReplyWindow::Closed {
            reason: ReplyBlock::ConnectionDisabled,
        };
        assert_eq!(may_send_automated(&f, NOW, NOW), Err(Refusal::WindowClosed));
    }
}
