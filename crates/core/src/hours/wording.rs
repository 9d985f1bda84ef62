//! When the shop opens again, as the away message says it to the customer ({opens}): "Monday
//! at 8:00", "domani alle 8:00", in the customer's language (the shop's default otherwise).
//! Core writes it because the message leaves from core, not from the window.

use jiff::Timestamp;

use super::Schedule;

const WEEKDAYS: [(&str, [&str; 7]); 4] = [
    (
        "en",
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
    ),
    (
        "it",
        [
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
            "domenica",
        ],
    ),
    (
        "pt",
        [
            "segunda-feira",
            "terça-feira",
            "quarta-feira",
            "quinta-feira",
            "sexta-feira",
            "sábado",
            "domingo",
        ],
    ),
    (
        "es",
        [
            "el lunes",
            "el martes",
            "el miércoles",
            "el jueves",
            "el viernes",
            "el sábado",
            "el domingo",
        ],
    ),
];

/// (today, tomorrow, "at", how a date beyond a week is written: day/month or month day).
fn words(language: &str) -> (&'static str, &'static str, &'static str) {
    match language {
        "it" => ("oggi", "domani", "alle"),
        "pt" => ("hoje", "amanhã", "às"),
        "es" => ("hoy", "mañana", "a las"),
        _ => ("today", "tomorrow", "at"),
    }
}

/// The two-letter language of a platform's code ("pt-BR" → "pt"), if Sportello speaks it.
pub fn known_language(code: &str) -> Option<&'static str> {
    let base = code.split(['-', '_']).next()?.to_ascii_lowercase();
    ["en", "it", "pt", "es"]
        .into_iter()
        .find(|l| *l == base.as_str())
}

/// "Monday at 8:00" for `at_ms` seen from `now_ms`, in `language`.
pub fn opens_phrase(schedule: &Schedule, at_ms: i64, now_ms: i64, language: &str) -> String {
    let language = known_language(language).unwrap_or("en");
    let Ok(ts) = Timestamp::from_millisecond(at_ms) else {
        return String::new();
    };
    let z = ts.to_zoned(schedule.zone().clone());
    let time = format!("{}:{:02}", z.hour(), z.minute());
    let (today, tomorrow, at) = words(language);
    let days_ahead = Timestamp::from_millisecond(now_ms)
        .ok()
        .map(|n| n.to_zoned(schedule.zone().clone()).date())
        .and_then(|d| z.date().since(d).ok())
        .map(|span| span.get_days())
        .unwrap_or(0);
    let weekday = z.weekday().to_monday_zero_offset() as usize;
    let names = WEEKDAYS
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, n)| n)
        .unwrap_or(&WEEKDAYS[0].1);
    let day = match days_ahead {
        0 => today.to_string(),
        1 => tomorrow.to_string(),
        2..=6 => names[weekday].to_string(),
        // Further away (a vacation): the date too, day first except in English.
        _ if language == "en" => format!("{} {}/{}", names[weekday], z.month(), z.day()),
        _ => format!("{} {}/{}", names[weekday], z.day(), z.month()),
    };
    format!("{day} {at} {time}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::spec::parse_week;
    use crate::model::OpeningHours;

    fn rome(text: &str) -> i64 {
        let dt: jiff::civil::DateTime = text.parse().unwrap();
        dt.to_zoned(jiff::tz::TimeZone::get("Europe/Rome").unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    #[test]
    fn says_when_it_opens_in_four_languages() {
        let s = Schedule::of(&OpeningHours {
            week: parse_week("mon-fri 08:00-13:00").unwrap(),
            timezone: Some("Europe/Rome".into()),
            ..Default::default()
        })
        .unwrap()
        .unwrap();
        let saturday = rome("2026-12-12T10:00");
        let monday = rome("2026-12-14T08:00");
        assert_eq!(opens_phrase(&s, monday, saturday, "en"), "Monday at 8:00");
        assert_eq!(
            opens_phrase(&s, monday, saturday, "it-IT"),
            "lunedì alle 8:00"
        );
        assert_eq!(
            opens_phrase(&s, monday, saturday, "pt-br"),
            "segunda-feira às 8:00"
        );
        assert_eq!(
            opens_phrase(&s, monday, saturday, "es"),
            "el lunes a las 8:00"
        );
        let sunday = rome("2026-12-13T21:00");
        assert_eq!(opens_phrase(&s, monday, sunday, "it"), "domani alle 8:00");
        let early = rome("2026-12-14T06:00");
        assert_eq!(opens_phrase(&s, monday, early, "de"), "today at 8:00");
        let far = rome("2027-08-25T08:00");
        assert_eq!(
            opens_phrase(&s, far, rome("2027-08-10T10:00"), "it"),
            "mercoledì 25/8 alle 8:00"
        );
    }
}
