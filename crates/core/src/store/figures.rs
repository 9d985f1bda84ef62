//! How fast the shop replies, from the local history: who waits now, first-reply times counted
//! only while the shop is open, after-hours questions answered by 10:00 of the next opening
//! day, and when customers write (weekday × hour).
//!
//! A question is a customer's message with no reply from a person since the shop's last one;
//! its first reply is the next message a person wrote (in Sportello or on the phone). Automatic
//! messages answer nobody. Only conversations with messages in the period are read, through
//! the per-conversation index, so the cost follows the period's messages, not the history's.

use std::collections::BTreeMap;

use jiff::civil::Time;
use rusqlite::params;

use super::auto_settings;
use super::database::Store;
use super::rows;
use crate::error::Result;
use crate::hours::schedule::{zone, Schedule, Timeline};
use crate::model::{ChannelFigures, ChannelKind, Figures, ReplyFigures};
use crate::time_fmt::rfc3339;

const DAY_MS: i64 = 86_400_000;
const QUARTER_MS: i64 = 15 * 60_000;

/// A conversation's channel and its messages in the period: (sent at, from the customer,
/// automatic).
/// Ordered by time, then by id: platforms give whole seconds, and a reply in the same second
/// as the question was stored after it.
type ChatMessages = (ChannelKind, Vec<((i64, i64), bool, bool)>);

/// One question and, if a person answered, when.
struct Question {
    channel: ChannelKind,
    asked_at: i64,
    answered_at: Option<i64>,
}

impl Store {
    pub fn figures(&self, days: u32, now: i64) -> Result<Figures> {
        let days = days.clamp(1, 366);
        let since = now - i64::from(days) * DAY_MS;
        self.read(|c| {
            let hours = auto_settings::hours(c)?;
            let schedule = Schedule::of(&hours).ok().flatten();
            let (waiting_now, oldest): (u32, Option<i64>) = c.query_row(
                "SELECT COUNT(*), MIN(waiting_since) FROM conversations
                 WHERE status = 'open' AND waiting_since IS NOT NULL AND archived = 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let mut stmt = c.prepare(
                "SELECT c.id, a.channel, m.direction = 'in', m.automated, m.sent_at, m.id
                 FROM conversations c
                 JOIN accounts a ON a.id = c.account_id
                 JOIN messages m ON m.conversation_id = c.id AND m.sent_at >= ?1 AND m.sent_at <= ?2
                 WHERE c.last_message_at >= ?1 AND c.kind = 'private'",
            )?;
            let mut by_chat: BTreeMap<i64, ChatMessages> = BTreeMap::new();
            let rows = stmt.query_map(params![since, now], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    rows::channel(r, 1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?;
            let tz = match &schedule {
                Some(s) => s.zone().clone(),
                None => zone(hours.timezone.as_deref())?,
            };
            let mut heat = vec![vec![0u32; 24]; 7];
            let mut cells: std::collections::HashMap<i64, Option<(usize, usize)>> =
                std::collections::HashMap::new();
            for row in rows {
                let (chat, channel, incoming, automated, at, id) = row?;
                if incoming {
                    // Every zone's offset is a whole number of quarter hours: one calendar
                    // lookup per quarter hour, not per message.
                    let quarter = at.div_euclid(QUARTER_MS);
                    let cell = *cells.entry(quarter).or_insert_with(|| {
                        jiff::Timestamp::from_millisecond(quarter * QUARTER_MS)
                            .ok()
                            .map(|t| t.to_zoned(tz.clone()))
                            .map(|z| {
                                (
                                    z.weekday().to_monday_zero_offset() as usize,
                                    z.hour() as usize,
                                )
                            })
                    });
                    if let Some((day, hour)) = cell {
                        heat[day][hour] += 1;
                    }
                }
                by_chat
                    .entry(chat)
                    .or_insert_with(|| (channel, Vec::new()))
                    .1
                    .push(((at, id), incoming, automated));
            }
            let questions = questions(by_chat);
            // Open time from a week before the period (a question may wait over a weekend or
            // a holiday) to a month after now (the next opening after a late question).
            let open = schedule
                .as_ref()
                .map(|s| (s, Timeline::new(s, since - 7 * DAY_MS, now + 31 * DAY_MS)));
            Ok(summarise(
                days,
                questions,
                open.as_ref(),
                heat,
                (waiting_now, oldest),
            ))
        })
    }
}

fn questions(by_chat: BTreeMap<i64, ChatMessages>) -> Vec<Question> {
    let mut out = Vec::new();
    for (_, (channel, mut messages)) in by_chat {
        messages.sort_unstable();
        let mut open: Option<usize> = None;
        for ((at, _), incoming, automated) in messages {
            if incoming {
                if open.is_none() {
                    out.push(Question {
                        channel,
                        asked_at: at,
                        answered_at: None,
                    });
                    open = Some(out.len() - 1);
                }
            } else if !automated {
                if let Some(i) = open.take() {
                    out[i].answered_at = Some(at);
                }
            }
        }
    }
    out
}

fn summarise(
    days: u32,
    questions: Vec<Question>,
    open: Option<&(&Schedule, Timeline)>,
    heat: Vec<Vec<u32>>,
    (waiting_now, oldest): (u32, Option<i64>),
) -> Figures {
    let open_time = |from: i64, to: i64| match open {
        Some((_, timeline)) => timeline.open_ms_between(from, to),
        None => to - from,
    };
    let mut all = Vec::new();
    let mut per_channel: BTreeMap<&'static str, (ChannelKind, Vec<i64>)> = BTreeMap::new();
    let (mut after_hours, mut by_ten) = (0, 0);
    for q in &questions {
        if let Some((schedule, timeline)) = open {
            if !timeline.is_open(q.asked_at) {
                after_hours += 1;
                let deadline = deadline(schedule, timeline, q.asked_at);
                if q.answered_at
                    .is_some_and(|a| deadline.is_some_and(|d| a <= d))
                {
                    by_ten += 1;
                }
            }
        }
        let Some(answered) = q.answered_at else {
            continue;
        };
        let seconds = open_time(q.asked_at, answered).max(0) / 1000;
        all.push(seconds);
        per_channel
            .entry(q.channel.as_str())
            .or_insert_with(|| (q.channel, Vec::new()))
            .1
            .push(seconds);
    }
    Figures {
        days,
        waiting_now,
        oldest_waiting_since: oldest.map(rfc3339),
        overall: reply_figures(all),
        channels: per_channel
            .into_values()
            .map(|(channel, times)| ChannelFigures {
                channel,
                figures: reply_figures(times),
            })
            .collect(),
        after_hours,
        after_hours_answered_by_ten: by_ten,
        heat,
    }
}

/// 10:00 of the first opening day after `asked_at`; if the shop opens later than 10:00 that
/// day, its opening (nobody can answer before the shop opens).
fn deadline(s: &Schedule, timeline: &Timeline, asked_at: i64) -> Option<i64> {
    let opens = timeline.next_opening(asked_at)?;
    let ten = s.on_same_day(opens, Time::new(10, 0, 0, 0).ok()?)?;
    Some(ten.max(opens))
}

fn reply_figures(mut seconds: Vec<i64>) -> ReplyFigures {
    seconds.sort_unstable();
    ReplyFigures {
        answered: seconds.len() as u32,
        first_reply_median_s: percentile(&seconds, 50),
        first_reply_p90_s: percentile(&seconds, 90),
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
