//! What a customer's message means for reach, decided in the transaction that stores it (so a
//! redelivery decides nothing twice): arriving through a poster (and the consent its wording
//! asks), proving their own phone (a verified merge), or asking to stop (withdrawal and one
//! confirmation). And what the platforms report back: a customer who stopped WhatsApp
//! promotions, hit the marketing cap, or blocked the bot.

use rusqlite::{params, Connection, OptionalExtension};

use super::auto_replies::{self, Asked};
use super::consents;
use super::customers::{self, contact_of};
use super::posters;
use super::shop_log::{key_of, record_here};
use crate::error::Result;
use crate::inbound::InboundMessage;
use crate::model::{ConsentBasis, ConversationId, MessageId, ShopChange};
use crate::reach::poster::{hashtag_codes, messenger_ref, telegram_start};
use crate::reach::stop::is_stop;

/// How a withdrawal through the platform is recorded in the ledger.
pub const WHATSAPP_STOPPED: &str = "WhatsApp: the customer stopped marketing messages";

/// A customer's message just stored. Returns an automatic message queued (a STOP's
/// confirmation), if any.
pub(super) fn customer_message(
    tx: &Connection,
    asked: Asked,
    m: &InboundMessage,
    is_news: bool,
    now: i64,
) -> Result<Option<MessageId>> {
    let conversation = asked.conversation;
    // Most messages are none of these: decided on the text alone, with no query (ingest runs
    // this for every customer message, history included).
    let stop = is_news && is_stop(&m.text);
    let may_matter = stop
        || m.text.contains('#')
        || m.text.trim_start().starts_with("/start")
        || m.attachments
            .iter()
            .any(|a| a.kind == "referral" || a.kind == "contact");
    if !may_matter || !one_customer(tx, conversation)? {
        return Ok(None);
    }
    if let Some(code) = poster_code(tx, m)? {
        arrived(tx, conversation, &code, m, asked.sent_at)?;
    }
    if let Some(sender) = &m.sender {
        for card in m.attachments.iter().filter(|a| a.kind == "contact") {
            if let Some(meta) = &card.meta {
                if let Some(merge) =
                    customers::verified_match(tx, conversation, &sender.remote_id, meta)?
                {
                    record_here(tx, merge, now)?;
                }
            }
        }
    }
    if stop {
        record_here(
            tx,
            ShopChange::ConsentWithdrawn {
                conversation: key_of(tx, conversation)?,
                topic: None,
                how: format!("wrote \"{}\"", m.text.trim()),
                proof: Some(m.remote_id.clone()),
            },
            asked.sent_at,
        )?;
        return auto_replies::confirm_withdrawal(tx, asked, now);
    }
    Ok(None)
}

fn one_customer(tx: &Connection, conversation: ConversationId) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM conversations WHERE id = ?1 AND kind = 'private' AND contact_id IS NOT NULL",
        )?
        .query_row([conversation], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The poster code a message carries, if the shop made that poster.
fn poster_code(tx: &Connection, m: &InboundMessage) -> Result<Option<String>> {
    let mut candidates: Vec<String> = Vec::new();
    for a in m.attachments.iter().filter(|a| a.kind == "referral") {
        if let Some(code) = a.meta.as_deref().and_then(messenger_ref) {
            candidates.push(code);
        }
    }
    if let Some(code) = telegram_start(&m.text) {
        candidates.push(code.to_owned());
    }
    if m.text.contains('#') {
        candidates.extend(hashtag_codes(&m.text).into_iter().map(str::to_owned));
    }
    for code in candidates {
        if posters::known(tx, &code)?.is_some() {
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// Tags the chat with the poster (its first one stays its source), counts the arrival once per
/// chat, and records the consent the poster's wording asks for.
fn arrived(
    tx: &Connection,
    conversation: ConversationId,
    code: &str,
    m: &InboundMessage,
    at: i64,
) -> Result<()> {
    let Some(poster) = posters::known(tx, code)? else {
        return Ok(());
    };
    let first = tx
        .prepare_cached(
            "INSERT INTO poster_arrivals (code, conversation_id, message_id, at)
             VALUES (?1, ?2, (SELECT id FROM messages WHERE conversation_id = ?2 AND remote_id = ?3), ?4)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![code, conversation, m.remote_id, at])?
        > 0;
    tx.prepare_cached("UPDATE conversations SET source = COALESCE(source, ?2) WHERE id = ?1")?
        .execute(params![conversation, code])?;
    let (Some(topic), Some(wording)) = (poster.consent_topic, poster.consent_wording) else {
        return Ok(());
    };
    let contact = contact_of(tx, conversation)?;
    if first && !consents::in_force(tx, contact, &topic)? {
        record_here(
            tx,
            ShopChange::ConsentGiven {
                id: uuid::Uuid::now_v7().to_string(),
                conversation: key_of(tx, conversation)?,
                topic,
                basis: ConsentBasis::Consent,
                given_at_ms: at,
                source: format!("poster:{code}"),
                wording,
                wording_version: poster.consent_version,
                proof: Some(m.remote_id.clone()),
            },
            at,
        )?;
    }
    Ok(())
}

/// A failure the platform reported for a message the shop sent, by its error code: WhatsApp's
/// 131050 (the customer stopped marketing messages) withdraws them; 131049 (per-user marketing
/// cap) holds broadcasts back for a day; Telegram's "blocked by the user" marks the chat.
pub(super) fn send_failed(
    tx: &Connection,
    conversation: ConversationId,
    platform_code: &str,
    at: i64,
) -> Result<()> {
    match platform_code {
        "131050" if one_customer(tx, conversation)? => {
            record_here(
                tx,
                ShopChange::ConsentWithdrawn {
                    conversation: key_of(tx, conversation)?,
                    topic: None,
                    how: WHATSAPP_STOPPED.into(),
                    proof: None,
                },
                at,
            )?;
        }
        "131049" => {
            tx.prepare_cached("UPDATE conversations SET marketing_capped_at = ?2 WHERE id = ?1")?
                .execute(params![conversation, at])?;
        }
        "blocked" => {
            tx.prepare_cached("UPDATE conversations SET blocked_at = ?2 WHERE id = ?1")?
                .execute(params![conversation, at])?;
        }
        _ => {}
    }
    Ok(())
}

/// The customer blocked (or unblocked) the bot: the broadcast pre-flight leaves a blocked chat
/// out until they unblock it.
pub(super) fn reachability(
    tx: &Connection,
    account: crate::model::AccountId,
    conversation_remote_id: &str,
    blocked: bool,
    at: i64,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE conversations SET blocked_at = CASE WHEN ?3 THEN ?4 END
         WHERE account_id = ?1 AND remote_id = ?2",
    )?
    .execute(params![account, conversation_remote_id, blocked, at])?;
    Ok(())
}

/// WhatsApp's `user_preferences` webhook: the customer stopped (or resumed) marketing
/// messages. Stopping withdraws every topic; resuming records nothing, because resuming is
/// not consent to any topic.
pub(super) fn marketing_preference(
    tx: &Connection,
    account: crate::model::AccountId,
    customer_remote_id: &str,
    stop: bool,
    at: i64,
) -> Result<()> {
    if !stop {
        return Ok(());
    }
    let conversation: Option<ConversationId> = tx
        .prepare_cached(
            "SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id
             WHERE cv.account_id = ?1 AND ct.remote_id = ?2 AND cv.kind = 'private' LIMIT 1",
        )?
        .query_row(params![account, customer_remote_id], |r| r.get(0))
        .optional()?;
    if let Some(conversation) = conversation {
        send_failed(tx, conversation, "131050", at)?;
    }
    Ok(())
}
