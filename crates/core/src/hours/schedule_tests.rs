use jiff::civil::Time;

use super::*;
use crate::hours::spec::parse_week;
use crate::model::{ClosedDates, ClosingEarly, OpeningHours};

fn hours(spec: &str) -> OpeningHours {
    OpeningHours {
        week: parse_week(spec).unwrap(),
        timezone: Some("Europe/Rome".into()),
        closed: Vec::new(),
        closing_early: None,
    }
}

fn schedule(h: &OpeningHours) -> Schedule {
    Schedule::of(h).unwrap().unwrap()
}

/// A wall-clock moment in Rome, as Unix ms.
fn rome(text: &str) -> i64 {
    let dt: jiff::civil::DateTime = text.parse().unwrap();
    dt.to_zoned(TimeZone::get("Europe/Rome").unwrap())
        .unwrap()
        .timestamp()
        .as_millisecond()
}

const MIN: i64 = 60_000;

#[test]
fn split_shifts_open_and_close_twice_a_day() {
    // 2026-12-07 is a Monday.
    let s = schedule(&hours("mon-fri 08:00-13:00,15:30-19:30; sat 08:00-12:30"));
    assert!(!s.is_open(rome("2026-12-07T07:59")));
    assert!(s.is_open(rome("2026-12-07T08:00")));
    assert!(!s.is_open(rome("2026-12-07T13:00")));
    assert!(!s.is_open(rome("2026-12-07T15:00")));
    assert!(s.is_open(rome("2026-12-07T19:29")));
    assert!(!s.is_open(rome("2026-12-13T10:00")), "Sunday is closed");

    let lunch = s.state(rome("2026-12-07T14:00"));
    assert!(!lunch.open);
    assert_eq!(lunch.since_ms, Some(rome("2026-12-07T13:00")));
    assert_eq!(lunch.until_ms, Some(rome("2026-12-07T15:30")));

    // Saturday afternoon: closed until Monday morning.
    let weekend = s.state(rome("2026-12-12T18:00"));
    assert_eq!(weekend.since_ms, Some(rome("2026-12-12T12:30")));
    assert_eq!(weekend.until_ms, Some(rome("2026-12-14T08:00")));
}

#[test]
fn an_interval_may_cross_midnight() {
    let s = schedule(&hours("fri-sat 19:00-02:00"));
    assert!(s.is_open(rome("2026-12-11T23:30")));
    assert!(
        s.is_open(rome("2026-12-12T01:59")),
        "Friday night runs into Saturday"
    );
    assert!(!s.is_open(rome("2026-12-12T02:00")));
    assert!(
        s.is_open(rome("2026-12-13T01:00")),
        "Saturday night into Sunday"
    );
    assert!(!s.is_open(rome("2026-12-14T01:00")), "no Sunday night");
    // Open until midnight exactly, then again from midnight: one stretch.
    let s = schedule(&hours("mon 18:00-24:00; tue 00:00-03:00"));
    let st = s.state(rome("2026-12-07T23:00"));
    assert_eq!(st.until_ms, Some(rome("2026-12-08T03:00")));
}

#[test]
fn holidays_vacations_and_closing_early() {
    let mut h = hours("mon-sat 08:00-13:00,15:30-19:30");
    h.closed.push(ClosedDates {
        from: "2027-08-10".into(),
        until: "2027-08-24".into(),
        note: Some("Ferie".into()),
    });
    h.closed.push(ClosedDates {
        from: "2026-12-08".into(),
        until: "2026-12-08".into(),
        note: None,
    });
    h.closing_early = Some(ClosingEarly {
        date: "2026-12-07".into(),
        at: "17:00".into(),
    });
    let s = schedule(&h);
    assert!(s.is_open(rome("2026-12-07T16:59")));
    assert!(!s.is_open(rome("2026-12-07T17:00")), "closing early today");
    assert!(!s.is_open(rome("2026-12-08T10:00")), "the holiday");
    assert!(
        s.is_open(rome("2026-12-14T17:30")),
        "closing early was one day"
    );
    assert!(!s.is_open(rome("2027-08-16T10:00")), "on vacation");
    assert!(
        !s.is_open(rome("2027-08-24T10:00")),
        "the last day is included"
    );
    assert!(s.is_open(rome("2027-08-25T10:00")));
    let st = s.state(rome("2026-12-07T18:00"));
    assert_eq!(st.since_ms, Some(rome("2026-12-07T17:00")));
    assert_eq!(st.until_ms, Some(rome("2026-12-09T08:00")));
    // A long vacation: the next opening is still found.
    let st = s.state(rome("2027-08-09T20:00"));
    assert_eq!(st.until_ms, Some(rome("2027-08-25T08:00")));
}

#[test]
fn wall_clock_hours_hold_across_summer_time() {
    // Italy moves to summer time on Sunday 2027-03-28 at 02:00 and back on 2027-10-31 at 03:00.
    let s = schedule(&hours("mon-sun 08:00-12:00; sun 01:00-04:00"));
    assert!(s.is_open(rome("2027-03-29T08:00")));
    // The morning before and after the change is still 4 hours long.
    assert_eq!(
        s.open_ms_between(rome("2027-03-27T00:00"), rome("2027-03-27T23:00")),
        4 * 60 * MIN
    );
    // 01:00-04:00 on the spring night is two real hours (02:00-03:00 never happens); on the
    // autumn night four.
    let spring = s.open_ms_between(rome("2027-03-28T00:30"), rome("2027-03-28T07:00"));
    assert_eq!(spring, 2 * 60 * MIN);
    let autumn = s.open_ms_between(rome("2027-10-31T00:30"), rome("2027-10-31T07:00"));
    assert_eq!(autumn, 4 * 60 * MIN);
}

#[test]
fn reply_time_counts_only_open_time() {
    let s = schedule(&hours("mon-fri 08:00-13:00,15:30-19:30"));
    // Written at 22:00, answered at 8:05 the next morning: five minutes.
    assert_eq!(
        s.open_ms_between(rome("2026-12-07T22:00"), rome("2026-12-08T08:05")),
        5 * MIN
    );
    // Written at 12:50, answered at 15:40: ten minutes before lunch, ten after.
    assert_eq!(
        s.open_ms_between(rome("2026-12-07T12:50"), rome("2026-12-07T15:40")),
        20 * MIN
    );
    // Friday evening to Monday 8:30: 30 minutes.
    assert_eq!(
        s.open_ms_between(rome("2026-12-11T19:00"), rome("2026-12-14T08:30")),
        60 * MIN
    );
    assert_eq!(
        s.open_ms_between(rome("2026-12-08T09:00"), rome("2026-12-08T09:00")),
        0
    );
}

#[test]
fn the_same_hours_in_another_zone_are_other_instants() {
    let mut h = hours("mon-fri 09:00-17:00");
    h.timezone = Some("America/Sao_Paulo".into());
    let s = schedule(&h);
    // 09:00 in São Paulo (UTC-3) is 13:00 in Rome (UTC+1) in December.
    assert!(!s.is_open(rome("2026-12-07T12:59")));
    assert!(s.is_open(rome("2026-12-07T13:00")));
    assert_eq!(s.timezone_name(), "America/Sao_Paulo");
}

#[test]
fn no_hours_and_bad_hours() {
    assert!(Schedule::of(&OpeningHours::default()).unwrap().is_none());
    let mut h = hours("mon 08:00-12:00");
    h.timezone = Some("Mars/Olympus".into());
    assert!(Schedule::of(&h).is_err());
    let mut h = hours("mon 08:00-12:00");
    h.closed.push(ClosedDates {
        from: "2026-08-24".into(),
        until: "2026-08-10".into(),
        note: None,
    });
    assert!(Schedule::of(&h).is_err());
    assert!(time_of_day("7:5").is_ok());
    assert_eq!(time_of_day("24:00").unwrap(), Time::midnight());
    assert!(time_of_day("12:345").is_err());
}

#[test]
fn wall_clock_names_today_and_tomorrow() {
    let s = schedule(&hours("mon-fri 08:00-13:00"));
    let now = rome("2026-12-07T20:00");
    let (weekday, time, day) = s.wall_clock(rome("2026-12-08T08:00"), now).unwrap();
    assert_eq!(
        (weekday, time.as_str(), day),
        (2, "08:00", RelativeDay::Tomorrow)
    );
    let (weekday, _, day) = s.wall_clock(rome("2026-12-14T08:00"), now).unwrap();
    assert_eq!((weekday, day), (1, RelativeDay::Later));
}

#[test]
fn the_timeline_answers_as_the_schedule_does() {
    let mut h = hours("mon-fri 08:00-13:00,15:30-19:30; sat 19:00-02:00");
    h.closed.push(ClosedDates {
        from: "2026-12-24".into(),
        until: "2026-12-26".into(),
        note: None,
    });
    let s = schedule(&h);
    let start = rome("2026-12-01T00:00");
    let end = rome("2027-01-10T00:00");
    let timeline = Timeline::new(&s, start, end);
    // Every 37 minutes and 11 seconds over five weeks, paired with a moment up to 3 days on.
    let mut at = start + 60_000;
    let mut n = 0;
    while at < end - 4 * 86_400_000 {
        let later = at + (n * 7_919_000) % (3 * 86_400_000);
        assert_eq!(timeline.is_open(at), s.is_open(at), "at {at}");
        assert_eq!(
            timeline.open_ms_between(at, later),
            s.open_ms_between(at, later),
            "from {at} to {later}"
        );
        if !s.is_open(at) {
            assert_eq!(
                timeline.next_opening(at),
                s.state(at).until_ms,
                "after {at}"
            );
        }
        at += 37 * 60_000 + 11_000;
        n += 1;
    }
}
