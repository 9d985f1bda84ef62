//! Deciding the messages Sportello sends on its own (greeting, FAQ answer, away), inside the
//! transaction that stores the customer's messages: a message stored is answered at most once
//! whatever the crash or redelivery, because the decision (a row in `automated_replies`) and
//! the queued reply commit together with it, or not at all. What is decided goes out through
//! the outbox like any reply, so it is sent once or shown as of unknown fate.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::auto_settings;
use super::conversations::{BusinessState, BUSINESS_JOIN};
use super::enqueue;
use super::rows;
use crate::auto_reply::faq::answer_for;
use crate::auto_reply::legal::{self, Facts};
use crate::error::Result;
use crate::hours::wording::{known_language, opens_phrase};
use crate::hours::Schedule;
use crate::model::{AutoKind, AutoMessage, AutoReplies, ConversationId, MessageId};
use crate::snippet::{first_name, render_unattended, SnippetValues};

/// A person who replied this recently is answering the chat: nothing automatic interrupts.
const PERSON_ANSWERING_MS: i64 = 30 * 60_000;
/// A chat a person marked done this recently gets no away message.
const JUST_DONE_MS: i64 = 5 * 60_000;
const DAY_MS: i64 = 86_400_000;

/// A customer's message stored by this batch, as news (not old history).
#[derive(Debug, Clone, Copy)]
pub(super) struct Asked {
    pub conversation: ConversationId,
    pub message: MessageId,
    pub sent_at: i64,
}

/// Everything about one conversation the decision needs.
struct Chat {
    facts: Facts,
    language: Option<String>,
    values: SnippetValues,
    last_shop_reply_at: Option<i64>,
    done_at: Option<i64>,
    /// The platform's id of the chat (a WhatsApp customer's number).
    remote_id: String,
}

/// Decides and queues the automatic answers to the customer messages `asked`; returns the
/// messages queued.
pub(super) fn answer(
    tx: &Connection,
    asked: &[Asked],
    now: i64,
) -> Result<Vec<(ConversationId, MessageId)>> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let settings = auto_settings::answers(tx)?;
    let faq_on = settings.faq_on && !settings.faq.is_empty();
    if !settings.away.on && !settings.greeting.on && !faq_on {
        return Ok(Vec::new());
    }
    // Hours the owner saved were checked then; a zone gone from the database means none.
    let schedule = Schedule::of(&auto_settings::hours(tx)?).ok().flatten();
    let mut by_chat: BTreeMap<ConversationId, Vec<Asked>> = BTreeMap::new();
    for a in asked {
        by_chat.entry(a.conversation).or_default().push(*a);
    }
    let mut queued = Vec::new();
    for (conversation, mut messages) in by_chat {
        messages.sort_by_key(|a| (a.sent_at, a.message));
        let chat = chat(tx, conversation)?;
        let newest = messages[messages.len() - 1];
        if let Err(refusal) = legal::may_send_automated(&chat.facts, newest.sent_at, now) {
            tracing::debug!(conversation, ?refusal, "no automatic answer");
            continue;
        }
        if chat
            .last_shop_reply_at
            .is_some_and(|at| at > now - PERSON_ANSWERING_MS || at >= newest.sent_at)
        {
            continue;
        }
        let decide = Decide {
            tx,
            conversation,
            chat: &chat,
            settings: &settings,
            now,
        };
        if let Some(id) = decide.greeting(messages[0])? {
            queued.push((conversation, id));
        }
        if faq_on {
            for m in &messages {
                if let Some(id) = decide.faq(*m, schedule.as_ref())? {
                    queued.push((conversation, id));
                }
            }
        }
        if let Some(s) = &schedule {
            if let Some(id) = decide.away(newest, s)? {
                queued.push((conversation, id));
            }
        }
    }
    Ok(queued)
}

struct Decide<'a> {
    tx: &'a Connection,
    conversation: ConversationId,
    chat: &'a Chat,
    settings: &'a AutoReplies,
    now: i64,
}

impl Decide<'_> {
    /// On the customer's first message ever, or after the chosen days without contact.
    fn greeting(&self, first: Asked) -> Result<Option<MessageId>> {
        let greeting = &self.settings.greeting;
        if !greeting.on {
            return Ok(None);
        }
        // Contact is what either side wrote (automatic messages are not contact), before this
        // batch's first message.
        let previous: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT MAX(sent_at) FROM messages
                 WHERE conversation_id = ?1 AND id < ?2 AND automated = 0",
            )?
            .query_row(params![self.conversation, first.message], |r| r.get(0))?;
        let period = match (previous, greeting.after_days) {
            (None, _) => "first".to_string(),
            (Some(last), Some(days)) if first.sent_at - last >= i64::from(days) * DAY_MS => {
                format!("after {last}")
            }
            _ => return Ok(None),
        };
        self.send(AutoKind::Greeting, &period, greeting, None, None)
    }

    /// The one card the message asks, at most once per card and day for this customer.
    fn faq(&self, asked: Asked, schedule: Option<&Schedule>) -> Result<Option<MessageId>> {
        let text: String = self
            .tx
            .prepare_cached("SELECT text FROM messages WHERE id = ?1")?
            .query_row([asked.message], |r| r.get(0))?;
        let Some(card) = answer_for(&self.settings.faq, &text) else {
            return Ok(None);
        };
        let day = match schedule {
            Some(s) => s
                .on_same_day(asked.sent_at, jiff::civil::Time::midnight())
                .unwrap_or(asked.sent_at / DAY_MS),
            None => asked.sent_at / DAY_MS,
        };
        let message = AutoMessage {
            on: true,
            text: card.answer.clone(),
            ..AutoMessage::default()
        };
        self.send(
            AutoKind::Faq,
            &format!("{} {day}", card.id),
            &message,
            None,
            card.attachment.as_ref(),
        )
    }

    /// Written while closed, and still closed now: once per closed stretch.
    fn away(&self, newest: Asked, schedule: &Schedule) -> Result<Option<MessageId>> {
        let away = &self.settings.away;
        if !away.on {
            return Ok(None);
        }
        if self
            .chat
            .done_at
            .is_some_and(|at| at > self.now - JUST_DONE_MS)
        {
            return Ok(None);
        }
        let (written, current) = (schedule.state(newest.sent_at), schedule.state(self.now));
        if written.open || current.open || written.since_ms != current.since_ms {
            return Ok(None);
        }
        let period = current
            .since_ms
            .map_or("closed".to_string(), |s| format!("closed {s}"));
        let opens = current.until_ms.map(|at| (schedule, at));
        self.send(AutoKind::Away, &period, away, opens, None)
    }

    /// The customer's language if Sportello speaks it.
    fn customer_language(&self) -> Option<&'static str> {
        self.chat.language.as_deref().and_then(known_language)
    }

    /// Claims the period, then queues the message; nothing if the period was already claimed.
    fn send(
        &self,
        kind: AutoKind,
        period: &str,
        message: &AutoMessage,
        opens: Option<(&Schedule, i64)>,
        attachment: Option<&crate::model::StoredFile>,
    ) -> Result<Option<MessageId>> {
        let claimed = self
            .tx
            .prepare_cached(
                "INSERT INTO automated_replies (conversation_id, kind, period, at)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![self.conversation, kind.as_str(), period, self.now])?;
        if claimed == 0 {
            return Ok(None);
        }
        // The customer's language when the message has a text in it; otherwise the shop's
        // text, with {opens} in the language that text is written in.
        let translated = self.customer_language().and_then(|l| {
            message
                .translations
                .get(l)
                .filter(|t| !t.trim().is_empty())
                .map(|t| (t, l))
        });
        let (text, language) =
            translated.unwrap_or_else(|| (&message.text, shop_language(message)));
        let values = SnippetValues {
            opens: opens.map(|(schedule, at)| opens_phrase(schedule, at, self.now, language)),
            ..self.chat.values.clone()
        };
        let text = render_unattended(text, &values);
        if text.is_empty() && attachment.is_none() {
            return Ok(None);
        }
        let id = enqueue::automated(self.tx, self.conversation, &text, attachment, self.now)?;
        self.tx
            .prepare_cached(
                "UPDATE automated_replies SET message_id = ?4
                 WHERE conversation_id = ?1 AND kind = ?2 AND period = ?3",
            )?
            .execute(params![self.conversation, kind.as_str(), period, id])?;
        Ok(Some(id))
    }
}

/// The one short confirmation a customer who wrote STOP gets, in their language: an answer to
/// their message, so it passes the same legality check as every automatic message, and at
/// most one a day however often they write it.
pub(super) fn confirm_withdrawal(
    tx: &Connection,
    asked: Asked,
    now: i64,
) -> Result<Option<MessageId>> {
    let chat = chat(tx, asked.conversation)?;
    if let Err(refusal) = legal::may_send_automated(&chat.facts, asked.sent_at, now) {
        tracing::debug!(
            conversation = asked.conversation,
            ?refusal,
            "no STOP confirmation"
        );
        return Ok(None);
    }
    let claimed = tx
        .prepare_cached(
            "INSERT INTO automated_replies (conversation_id, kind, period, at)
             VALUES (?1, 'stop', ?2, ?3) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            asked.conversation,
            format!("day {}", asked.sent_at / DAY_MS),
            now
        ])?;
    if claimed == 0 {
        return Ok(None);
    }
    let language = chat
        .language
        .as_deref()
        .and_then(known_language)
        .or_else(|| {
            (chat.facts.channel == crate::model::ChannelKind::Whatsapp)
                .then(|| crate::reach::language::of_phone(&chat.remote_id))
                .flatten()
        })
        .unwrap_or_else(computer_language);
    let text = crate::reach::stop::confirmation(language);
    Ok(Some(enqueue::automated(
        tx,
        asked.conversation,
        text,
        None,
        now,
    )?))
}

/// This computer's language (LANG), else English: the shop's language when nothing says more.
pub(super) fn computer_language() -> &'static str {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX")
        .and_then(|v| known_language(&v))
        .unwrap_or("en")
}

/// The language the shop's own text is written in: as saved with it (the window saves its
/// language), else this computer's (LANG), else English.
fn shop_language(message: &AutoMessage) -> &'static str {
    message
        .language
        .as_deref()
        .and_then(known_language)
        .unwrap_or_else(computer_language)
}

fn chat(tx: &Connection, conversation: ConversationId) -> Result<Chat> {
    let now = crate::time_fmt::now_ms();
    tx.prepare_cached(&format!(
        "SELECT a.channel, c.kind, ct.language, COALESCE(ct.saved_name, ct.display_name), a.name,
                c.last_shop_reply_at, c.done_at,
                c.business_connection_id, bc.can_reply, bc.is_enabled, c.last_customer_message_at,
                c.window_refused_at, a.human_agent,
                (SELECT m.status = 'failed' AND COALESCE(m.error_code, '') <> 'ReplyWindowClosed'
                 FROM messages m
                 WHERE m.conversation_id = c.id AND m.automated = 1
                 ORDER BY m.id DESC LIMIT 1),
                c.remote_id
         FROM conversations c JOIN accounts a ON a.id = c.account_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         {BUSINESS_JOIN}
         WHERE c.id = ?1"
    ))?
    .query_row([conversation], |r| {
        let channel = rows::channel(r, 0)?;
        let business = BusinessState::read(r, 7)?;
        let name: Option<String> = r.get(3)?;
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        Ok(Chat {
            facts: Facts {
                channel,
                private: r.get::<_, String>(1)? == "private",
                business_chat: business.connection_id.is_some(),
                reply_window: business.reply_window(channel, now),
                last_customer_message_at: r.get(10)?,
                can_reply: r.get(8)?,
                refused_last: r.get::<_, Option<bool>>(13)?.unwrap_or(false),
            },
            language: r.get(2)?,
            values: SnippetValues {
                first_name: name.as_deref().and_then(first_name),
                name,
                shop: Some(r.get(4)?),
                opens: None,
            },
            last_shop_reply_at: r.get(5)?,
            done_at: r.get(6)?,
            remote_id: r.get(14)?,
        })
    })
    .optional()?
    .ok_or_else(|| crate::error::Error::not_found("conversation", conversation))
}

#[cfg(test)]
#[path = "auto_replies_tests.rs"]
mod tests;
