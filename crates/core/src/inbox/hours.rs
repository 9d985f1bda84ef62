//! The shop's opening hours through the [`Inbox`]: the weekly schedule, holidays and
//! vacations, "closing early today", and whether the shop is open now. Each change is a change
//! of the shop's log, so every desktop of the shop keeps the same hours.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::hours::schedule::{date, time_of_day};
use crate::hours::{hours_now, spec};
use crate::model::{ClosedDates, ClosingEarly, HoursNow, OpenInterval, OpeningHours, ShopChange};
use crate::time_fmt::now_ms;

impl Inbox {
    pub async fn opening_hours(&self) -> Result<OpeningHours> {
        self.blocking(|s| s.opening_hours()).await
    }

    pub async fn hours_now(&self) -> Result<HoursNow> {
        let hours = self.opening_hours().await?;
        hours_now(&hours, now_ms())
    }

    /// Saves the whole schedule (the settings page sends it as edited).
    pub async fn set_opening_hours(&self, hours: OpeningHours) -> Result<HoursNow> {
        let hours = tidy(hours)?;
        self.change(ShopChange::HoursSet { hours }).await?;
        self.hours_now().await
    }

    /// The week from one typed line ("mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30"),
    /// keeping holidays; the time zone too when given.
    pub async fn set_week(&self, spec_line: String, timezone: Option<String>) -> Result<HoursNow> {
        let mut hours = self.opening_hours().await?;
        hours.week = spec::parse_week(&spec_line)?;
        if timezone.is_some() {
            hours.timezone = timezone;
        }
        self.set_opening_hours(hours).await
    }

    /// Closed from `from` until `until` (one day when none), e.g. a holiday or a vacation.
    pub async fn close_dates(
        &self,
        from: String,
        until: Option<String>,
        note: Option<String>,
    ) -> Result<HoursNow> {
        let mut hours = self.opening_hours().await?;
        let until = until.unwrap_or_else(|| from.clone());
        hours.closed.push(ClosedDates {
            from,
            until,
            note: note.filter(|n| !n.trim().is_empty()),
        });
        self.set_opening_hours(hours).await
    }

    /// Closing early on `date` at `at` (today, usually); none takes it back.
    pub async fn close_early(&self, early: Option<ClosingEarly>) -> Result<HoursNow> {
        let mut hours = self.opening_hours().await?;
        hours.closing_early = early;
        self.set_opening_hours(hours).await
    }
}

/// The schedule as saved: seven days, times and dates written the one way, holidays in order
/// and past ones dropped after a month (the list stays short).
fn tidy(mut hours: OpeningHours) -> Result<OpeningHours> {
    if hours.week.is_empty() {
        hours.week = vec![Vec::new(); 7];
    }
    if hours.week.len() != 7 {
        return Err(Error::InvalidInput(
            "The week needs seven days, Monday first.".into(),
        ));
    }
    for day in &mut hours.week {
        for i in day.iter_mut() {
            *i = OpenInterval {
                from: hhmm(&i.from, false)?,
                until: hhmm(&i.until, true)?,
            };
        }
    }
    hours.timezone = hours.timezone.filter(|t| !t.trim().is_empty());
    let month_ago = jiff::Timestamp::now()
        .to_zoned(crate::hours::schedule::zone(hours.timezone.as_deref())?)
        .date()
        .saturating_sub(jiff::Span::new().days(31));
    for c in &mut hours.closed {
        c.from = date(&c.from)?.to_string();
        c.until = date(&c.until)?.to_string();
    }
    hours
        .closed
        .retain(|c| date(&c.until).is_ok_and(|u| u >= month_ago));
    hours.closed.sort_by(|a, b| a.from.cmp(&b.from));
    if let Some(e) = &mut hours.closing_early {
        e.date = date(&e.date)?.to_string();
        e.at = hhmm(&e.at, false)?;
    }
    Ok(hours)
}

fn hhmm(text: &str, end: bool) -> Result<String> {
    let t = time_of_day(text)?;
    if end && t == jiff::civil::Time::midnight() {
        return Ok("24:00".into());
    }
    Ok(format!("{:02}:{:02}", t.hour(), t.minute()))
}
