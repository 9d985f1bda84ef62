//! Opening hours: the schedule as instants (schedule.rs), the week as one typed line
//! (spec.rs), and "Monday at 8:00" in the customer's language (wording.rs).

pub mod schedule;
pub mod spec;
pub mod wording;

pub use schedule::Schedule;

use crate::error::Result;
use crate::model::{HoursNow, OpeningHours};
use crate::time_fmt::rfc3339;

/// Today's date where the shop is ("2026-12-07").
pub fn today(hours: &OpeningHours) -> Result<String> {
    let tz = schedule::zone(hours.timezone.as_deref())?;
    Ok(jiff::Timestamp::now().to_zoned(tz).date().to_string())
}

/// Whether the shop is open at `now_ms` and when that changes, as the header shows it.
pub fn hours_now(hours: &OpeningHours, now_ms: i64) -> Result<HoursNow> {
    let Some(schedule) = Schedule::of(hours)? else {
        let tz = schedule::zone(hours.timezone.as_deref())?;
        return Ok(HoursNow {
            set: false,
            open_now: false,
            next_change: None,
            timezone: tz.iana_name().unwrap_or("UTC").to_string(),
            next_change_weekday: None,
            next_change_time: None,
            next_change_day: None,
        });
    };
    let state = schedule.state(now_ms);
    let wall = state
        .until_ms
        .and_then(|at| schedule.wall_clock(at, now_ms));
    Ok(HoursNow {
        set: true,
        open_now: state.open,
        next_change: state.until_ms.map(rfc3339),
        timezone: schedule.timezone_name(),
        next_change_weekday: wall.as_ref().map(|w| w.0),
        next_change_time: wall.as_ref().map(|w| w.1.clone()),
        next_change_day: wall.map(|w| w.2),
    })
}
