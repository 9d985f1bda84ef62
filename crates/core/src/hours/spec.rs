//! The week as one line a person types: "mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30".
//! Days are English or Italian (mon/lun…, full names too), ranges wrap ("fri-mon"), and a day
//! not named is closed.

use crate::error::{Error, Result};
use crate::model::OpenInterval;

use super::schedule::time_of_day;

const DAYS: [&[&str]; 7] = [
    &["mon", "monday", "lun", "lunedi", "lunedì"],
    &["tue", "tuesday", "mar", "martedi", "martedì"],
    &["wed", "wednesday", "mer", "mercoledi", "mercoledì"],
    &["thu", "thursday", "gio", "giovedi", "giovedì"],
    &["fri", "friday", "ven", "venerdi", "venerdì"],
    &["sat", "saturday", "sab", "sabato"],
    &["sun", "sunday", "dom", "domenica"],
];

const SHORT: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The week (Monday first) a line describes.
pub fn parse_week(spec: &str) -> Result<Vec<Vec<OpenInterval>>> {
    let mut week = vec![Vec::new(); 7];
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (days, times) = part.split_once(char::is_whitespace).ok_or_else(|| {
            invalid(&format!(
                "\"{part}\" needs days and times, like \"mon-fri 08:00-13:00\"."
            ))
        })?;
        let mut intervals = Vec::new();
        for range in times.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            let (from, until) = range.split_once(['-', '–']).ok_or_else(|| {
                invalid(&format!(
                    "\"{range}\" needs a start and an end, like 08:00-13:00."
                ))
            })?;
            let (from, until) = (time_of_day(from)?, time_of_day(until)?);
            intervals.push(OpenInterval {
                from: hhmm(from.hour(), from.minute()),
                until: if until == jiff::civil::Time::midnight() {
                    "24:00".into()
                } else {
                    hhmm(until.hour(), until.minute())
                },
            });
        }
        for day in days_of(days)? {
            week[day].extend(intervals.iter().cloned());
            if week[day].len() > 3 {
                return Err(invalid(&format!(
                    "{} has more than three opening intervals.",
                    SHORT[day]
                )));
            }
        }
    }
    Ok(week)
}

/// The week as a line `parse_week` reads back, days with the same hours joined.
pub fn format_week(week: &[Vec<OpenInterval>]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut day = 0;
    while day < week.len().min(7) {
        let mut end = day;
        while end + 1 < week.len().min(7) && week[end + 1] == week[day] {
            end += 1;
        }
        if !week[day].is_empty() {
            let days = if end == day {
                SHORT[day].to_string()
            } else {
                format!("{}-{}", SHORT[day], SHORT[end])
            };
            let times: Vec<String> = week[day]
                .iter()
                .map(|i| format!("{}-{}", i.from, i.until))
                .collect();
            parts.push(format!("{days} {}", times.join(",")));
        }
        day = end + 1;
    }
    parts.join("; ")
}

fn days_of(text: &str) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day_index(a)?, day_index(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => out.push(day_index(item)?),
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn day_index(name: &str) -> Result<usize> {
    let n = name.trim().to_lowercase();
    DAYS.iter()
        .position(|names| names.contains(&n.as_str()))
        .ok_or_else(|| invalid(&format!("\"{name}\" is not a day (mon, tue … sun).")))
}

fn hhmm(h: i8, m: i8) -> String {
    format!("{h:02}:{m:02}")
}

fn invalid(message: &str) -> Error {
    Error::InvalidInput(message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_split_shifts_ranges_and_italian_days() {
        let week = parse_week("mon-fri 08:00-13:00,15:30-19:30; sab 8-12:30").unwrap();
        assert_eq!(week[0].len(), 2);
        assert_eq!(week[4][1].from, "15:30");
        assert_eq!(week[5][0].until, "12:30");
        assert!(week[6].is_empty());
        assert_eq!(
            format_week(&week),
            "mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30"
        );
    }

    #[test]
    fn ranges_wrap_and_midnight_is_written_as_24() {
        let week = parse_week("fri-sun 22:00-24:00").unwrap();
        assert_eq!(week[4][0].until, "24:00");
        assert!(!week[6].is_empty() && week[0].is_empty());
        let wrap = parse_week("sat-mon 10-12").unwrap();
        assert!(!wrap[0].is_empty() && !wrap[6].is_empty() && wrap[1].is_empty());
    }

    #[test]
    fn says_what_is_wrong() {
        for bad in [
            "mon",
            "someday 08:00-12:00",
            "mon 25:00-26:00",
            "mon 08:00",
            "mon 1-2,3-4,5-6,7-8",
        ] {
            let err = parse_week(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err}");
        }
    }
}
