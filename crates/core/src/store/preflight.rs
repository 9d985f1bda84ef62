//! The one lawful check every broadcast message passes, in the pre-flight, in the transaction
//! that queues it, and again as it leaves: consent in force for the topic, not withdrawn, not
//! blocked, and what each platform allows (WhatsApp's 24 hours or an approved template, no
//! marketing on Messenger in the EU, a Telegram user who started the bot, WhatsApp's per-user
//! marketing cap).

use rusqlite::{Connection, OptionalExtension};

use super::consents;
use super::rows;
use crate::auto_reply::legal::inside_standard_window;
use crate::error::{Error, Result};
use crate::model::{ChannelKind, ConversationId, ExclusionReason};

/// WhatsApp asks not to retry a customer for a day after its per-user marketing cap (131049).
const MARKETING_CAP_MS: i64 = 24 * 3600 * 1000;

/// Whether one conversation may receive a broadcast on `topic` now, or why not.
pub(super) fn may_receive(
    c: &Connection,
    conversation: ConversationId,
    topic: &str,
    has_template: bool,
    now: i64,
) -> Result<std::result::Result<(), ExclusionReason>> {
    let row = c
        .prepare_cached(
            "SELECT cv.kind, cv.contact_id, a.channel, cv.business_connection_id,
                    cv.last_customer_message_at, cv.blocked_at, cv.marketing_capped_at
             FROM conversations cv JOIN accounts a ON a.id = cv.account_id WHERE cv.id = ?1",
        )?
        .query_row([conversation], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                rows::channel(r, 2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::not_found("conversation", conversation))?;
    let (kind, contact, channel, business, last_customer, blocked, capped) = row;
    let Some(contact) = contact.filter(|_| kind == "private") else {
        return Ok(Err(ExclusionReason::GroupChat));
    };
    // Consent first: without it nothing else matters.
    if let Err(reason) = consents::state(c, contact, topic)? {
        return Ok(Err(reason));
    }
    if blocked.is_some() {
        return Ok(Err(ExclusionReason::Blocked));
    }
    Ok(match channel {
        ChannelKind::Messenger => Err(ExclusionReason::MessengerMarketingNotAllowed),
        ChannelKind::Telegram if business.is_some() || last_customer.is_none() => {
            Err(ExclusionReason::TelegramNotStarted)
        }
        ChannelKind::Telegram => Ok(()),
        ChannelKind::Whatsapp if capped.is_some_and(|at| now < at + MARKETING_CAP_MS) => {
            Err(ExclusionReason::MarketingCap)
        }
        ChannelKind::Whatsapp if !has_template && !inside_standard_window(last_customer, now) => {
            Err(ExclusionReason::WindowClosedNeedsTemplate)
        }
        ChannelKind::Whatsapp => Ok(()),
    })
}

/// Whether an outgoing broadcast message may still leave: the customer may have withdrawn
/// or blocked the shop since it was queued.
pub(super) fn still_allowed(
    c: &Connection,
    message: crate::model::MessageId,
) -> Result<std::result::Result<(), ExclusionReason>> {
    let row: Option<(ConversationId, String, bool)> = c
        .prepare_cached(
            "SELECT m.conversation_id, b.topic, m.kind = 'template'
             FROM messages m JOIN broadcasts b ON b.id = m.broadcast_id WHERE m.id = ?1",
        )?
        .query_row([message], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match row {
        // Only consent and blocking are checked again: the window is the platform's to
        // enforce at send time, and a template was chosen for those outside it.
        Some((conversation, topic, _)) => {
            match may_receive(c, conversation, &topic, true, crate::time_fmt::now_ms())? {
                Err(
                    reason @ (ExclusionReason::NoConsent
                    | ExclusionReason::Withdrawn
                    | ExclusionReason::Blocked),
                ) => Ok(Err(reason)),
                _ => Ok(Ok(())),
            }
        }
        None => Ok(Ok(())),
    }
}
