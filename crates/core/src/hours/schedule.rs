//! The opening hours turned into instants: which stretches of time the shop is open, whether a
//! moment is inside one, when the state next changes, and how much open time lies between two
//! moments. Each date's intervals are placed in the shop's zone on that date, so a change to or
//! from summer time moves nothing a person wrote ("08:00" stays 08:00 on the wall clock).

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::error::{Error, Result};
use crate::model::{OpeningHours, RelativeDay};

/// How far to look for the next opening: a vacation can be long, a year is enough.
const HORIZON_DAYS: i64 = 400;
const DAY_MS: i64 = 86_400_000;

/// The opening hours, read and checked, ready to answer questions about instants.
#[derive(Debug, Clone)]
pub struct Schedule {
    week: [Vec<(Time, Time)>; 7],
    tz: TimeZone,
    closed: Vec<(Date, Date)>,
    closing_early: Option<(Date, Time)>,
}

/// Whether the shop is open at a moment, and the stretch of the same state around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub open: bool,
    /// When this open or closed stretch began (None: not within the horizon).
    pub since_ms: Option<i64>,
    /// When it ends.
    pub until_ms: Option<i64>,
}

impl Schedule {
    /// None when no hours are set.
    pub fn of(hours: &OpeningHours) -> Result<Option<Schedule>> {
        if hours.week.iter().all(|d| d.is_empty()) {
            return Ok(None);
        }
        if hours.week.len() != 7 {
            return Err(invalid("The week needs seven days, Monday first."));
        }
        let tz = zone(hours.timezone.as_deref())?;
        let mut week: [Vec<(Time, Time)>; 7] = Default::default();
        for (day, intervals) in hours.week.iter().enumerate() {
            if intervals.len() > 3 {
                return Err(invalid("A day has at most three opening intervals."));
            }
            for i in intervals {
                let (from, until) = (time_of_day(&i.from)?, time_of_day(&i.until)?);
                // "00:00–24:00" is the whole day; any other start equal to its end is a slip.
                if from == until && i.until.trim() != "24:00" {
                    return Err(invalid(&format!(
                        "{}–{} opens and closes at the same time.",
                        i.from, i.until
                    )));
                }
                week[day].push((from, until));
            }
            week[day].sort();
        }
        let mut closed = Vec::new();
        for c in &hours.closed {
            let (from, until) = (date(&c.from)?, date(&c.until)?);
            if until < from {
                return Err(invalid(&format!(
                    "Closed from {} until {}: the end is before the start.",
                    c.from, c.until
                )));
            }
            closed.push((from, until));
        }
        let closing_early = match &hours.closing_early {
            Some(e) => Some((date(&e.date)?, time_of_day(&e.at)?)),
            None => None,
        };
        Ok(Some(Schedule {
            week,
            tz,
            closed,
            closing_early,
        }))
    }

    pub fn timezone_name(&self) -> String {
        self.tz.iana_name().unwrap_or("UTC").to_string()
    }

    pub fn zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The open stretches (start, end in Unix ms) of intervals that start on `day`.
    fn day_periods(&self, day: Date) -> Vec<(i64, i64)> {
        if self.closed.iter().any(|(f, u)| *f <= day && day <= *u) {
            return Vec::new();
        }
        let weekday = day.weekday().to_monday_zero_offset() as usize;
        let early = self
            .closing_early
            .filter(|(d, _)| *d == day)
            .and_then(|(d, t)| self.instant(d, t));
        let mut out = Vec::new();
        for (from, until) in &self.week[weekday] {
            let Some(start) = self.instant(day, *from) else {
                continue;
            };
            // An end at or before the start runs into the next day ("22:00–02:00", "…–00:00").
            let end_day = if until <= from {
                day.tomorrow().ok()
            } else {
                Some(day)
            };
            let Some(mut end) = end_day.and_then(|d| self.instant(d, *until)) else {
                continue;
            };
            if let Some(cut) = early {
                end = end.min(cut);
            }
            if end > start {
                out.push((start, end));
            }
        }
        out
    }

    /// The moment a wall-clock time happens on `day` in the shop's zone. In the spring gap the
    /// time does not exist and the clock's later reading is used; in the autumn fold, the first.
    fn instant(&self, day: Date, t: Time) -> Option<i64> {
        day.to_datetime(t)
            .to_zoned(self.tz.clone())
            .ok()
            .map(|z| z.timestamp().as_millisecond())
    }

    fn local_date(&self, ms: i64) -> Option<Date> {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(|t| t.to_zoned(self.tz.clone()).date())
    }

    /// Every open stretch overlapping [from, to), merged and in order.
    pub fn periods(&self, from_ms: i64, to_ms: i64) -> Vec<(i64, i64)> {
        let (Some(first), Some(last)) = (self.local_date(from_ms), self.local_date(to_ms)) else {
            return Vec::new();
        };
        let mut day = first.yesterday().unwrap_or(first);
        let mut all = Vec::new();
        while day <= last {
            all.extend(self.day_periods(day));
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        all.sort();
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (s, e) in all {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged.retain(|(s, e)| *e > from_ms && *s < to_ms);
        merged
    }

    pub fn is_open(&self, at_ms: i64) -> bool {
        self.periods(at_ms, at_ms + 1)
            .iter()
            .any(|(s, e)| *s <= at_ms && at_ms < *e)
    }

    /// Open or closed at `at_ms`, and the stretch of that state around it.
    pub fn state(&self, at_ms: i64) -> State {
        let ahead = self.periods(at_ms, at_ms + HORIZON_DAYS * DAY_MS);
        let open_now = ahead.first().filter(|(s, _)| *s <= at_ms);
        if let Some((start, end)) = open_now {
            return State {
                open: true,
                since_ms: Some(*start),
                until_ms: Some(*end),
            };
        }
        let behind = self.periods(at_ms - HORIZON_DAYS * DAY_MS, at_ms);
        State {
            open: false,
            since_ms: behind.last().map(|(_, e)| *e),
            until_ms: ahead.first().map(|(s, _)| *s),
        }
    }

    /// How long the shop was open between two moments.
    pub fn open_ms_between(&self, from_ms: i64, to_ms: i64) -> i64 {
        if to_ms <= from_ms {
            return 0;
        }
        self.periods(from_ms, to_ms)
            .iter()
            .map(|(s, e)| (*e).min(to_ms) - (*s).max(from_ms))
            .sum()
    }

    /// The date of `at_ms` in the shop's zone at `time`, as an instant.
    pub fn on_same_day(&self, at_ms: i64, time: Time) -> Option<i64> {
        self.instant(self.local_date(at_ms)?, time)
    }

    /// A moment as the shop's clock reads it: weekday (1 = Monday), "HH:MM", and whether it is
    /// today or tomorrow seen from `now_ms`.
    pub fn wall_clock(&self, at_ms: i64, now_ms: i64) -> Option<(u8, String, RelativeDay)> {
        let z = Timestamp::from_millisecond(at_ms)
            .ok()?
            .to_zoned(self.tz.clone());
        let today = self.local_date(now_ms)?;
        let relative = if z.date() == today {
            RelativeDay::Today
        } else if Some(z.date()) == today.checked_add(1.day()).ok() {
            RelativeDay::Tomorrow
        } else {
            RelativeDay::Later
        };
        Some((
            z.weekday().to_monday_one_offset() as u8,
            format!("{:02}:{:02}", z.hour(), z.minute()),
            relative,
        ))
    }

    /// The hour of the week (weekday Monday = 0, hour) a moment falls in, in the shop's zone.
    pub fn weekday_hour(&self, at_ms: i64) -> Option<(usize, usize)> {
        let z = Timestamp::from_millisecond(at_ms)
            .ok()?
            .to_zoned(self.tz.clone());
        Some((
            z.weekday().to_monday_zero_offset() as usize,
            z.hour() as usize,
        ))
    }
}

/// The open stretches between two moments, computed once: questions about many moments in
/// that span (the figures ask thousands) are then binary searches, not calendar walks.
#[derive(Debug, Clone)]
pub struct Timeline {
    periods: Vec<(i64, i64)>,
    /// Open time before each period starts (prefix sums).
    before: Vec<i64>,
}

impl Timeline {
    pub fn new(schedule: &Schedule, from_ms: i64, to_ms: i64) -> Timeline {
        let periods = schedule.periods(from_ms, to_ms);
        let mut before = Vec::with_capacity(periods.len());
        let mut total = 0;
        for (s, e) in &periods {
            before.push(total);
            total += e - s;
        }
        Timeline { periods, before }
    }

    /// Open time from the timeline's start until `at` (counted only inside the span).
    fn open_until(&self, at: i64) -> i64 {
        // The first period starting after `at`; the one before it may contain `at`.
        let i = self.periods.partition_point(|(s, _)| *s <= at);
        if i == 0 {
            return 0;
        }
        let (s, e) = self.periods[i - 1];
        self.before[i - 1] + (at.min(e) - s)
    }

    pub fn open_ms_between(&self, from_ms: i64, to_ms: i64) -> i64 {
        (self.open_until(to_ms) - self.open_until(from_ms)).max(0)
    }

    pub fn is_open(&self, at: i64) -> bool {
        let i = self.periods.partition_point(|(s, _)| *s <= at);
        i > 0 && at < self.periods[i - 1].1
    }

    /// When the shop next opens after `at`, if within the span.
    pub fn next_opening(&self, at: i64) -> Option<i64> {
        let i = self.periods.partition_point(|(s, _)| *s <= at);
        self.periods.get(i).map(|(s, _)| *s)
    }
}

/// The shop's zone: the one named, or the computer's (UTC if it cannot be told).
pub fn zone(name: Option<&str>) -> Result<TimeZone> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => TimeZone::get(n)
            .map_err(|_| invalid(&format!("\"{n}\" is not a time zone (try Europe/Rome)."))),
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
    }
}

/// "8:00", "08:00", "8" or "24:00" (the end of the day).
pub fn time_of_day(text: &str) -> Result<Time> {
    let t = text.trim();
    let (h, m) = t.split_once([':', '.']).unwrap_or((t, "0"));
    let (h, m): (i8, i8) = match (h.trim().parse::<i8>(), m.trim().parse::<i8>()) {
        (Ok(h), Ok(minutes)) if m.trim().len() <= 2 => (h, minutes),
        _ => {
            return Err(invalid(&format!(
                "\"{text}\" is not a time of day (like 08:30)."
            )))
        }
    };
    if h == 24 && m == 0 {
        return Ok(Time::midnight());
    }
    Time::new(h, m, 0, 0).map_err(|_| invalid(&format!("\"{text}\" is not a time of day.")))
}

/// "2026-08-10".
pub fn date(text: &str) -> Result<Date> {
    text.trim()
        .parse()
        .map_err(|_| invalid(&format!("\"{text}\" is not a date (like 2026-08-10).")))
}

fn invalid(message: &str) -> Error {
    Error::InvalidInput(message.to_string())
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
