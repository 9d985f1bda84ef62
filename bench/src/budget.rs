//! `make bench` has half an hour, counted from the moment it is typed, whatever it has to
//! install and build first. The long memory session is the last figure and the only one whose
//! length is free: it gets what is left, up to the length asked for. On a machine that has
//! built before, that is the whole 20 minutes; on a fresh one the cold release build takes its
//! share, and the table says how long the session really ran.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The shortest session still worth measuring: anything less and the growth is mostly the
/// first minute's warm-up.
pub const SHORTEST_SESSION: Duration = Duration::from_secs(5 * 60);

/// How long the session lasts when `make bench` began at `started_at` (seconds since the Unix
/// epoch) with `budget` for the whole run, it is now `now`, and `after` is still needed once
/// the session's own minutes are over (its rests, closing the window, writing the report).
pub fn session_length(
    asked: Duration,
    started_at: Option<u64>,
    budget: Duration,
    after: Duration,
    now: SystemTime,
) -> Duration {
    let Some(started_at) = started_at else {
        return asked;
    };
    let deadline = UNIX_EPOCH + Duration::from_secs(started_at) + budget;
    let left = deadline
        .duration_since(now)
        .unwrap_or(Duration::ZERO)
        .saturating_sub(after);
    // Whole seconds, so the table's minutes and the JSON agree with what ran.
    let left = Duration::from_secs(left.as_secs());
    left.clamp(SHORTEST_SESSION.min(asked), asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn length(started_at: Option<u64>, now: u64) -> u64 {
        session_length(
            Duration::from_secs(20 * MIN),
            started_at,
            Duration::from_secs(30 * MIN),
            Duration::from_secs(MIN),
            at(now),
        )
        .as_secs()
    }

    #[test]
    fn without_a_start_the_session_runs_as_asked() {
        assert_eq!(length(None, 1_000_000), 20 * MIN);
    }

    #[test]
    fn a_warm_machine_gets_the_whole_session() {
        // Eight and a half minutes in: 21.5 left, one of them reserved.
        assert_eq!(length(Some(1_000_000), 1_000_000 + 8 * MIN + 30), 20 * MIN);
    }

    #[test]
    fn a_fresh_machine_gets_what_the_build_left() {
        // Seventeen minutes in: 13 left, one reserved.
        assert_eq!(length(Some(1_000_000), 1_000_000 + 17 * MIN), 12 * MIN);
    }

    #[test]
    fn past_the_budget_the_session_still_runs_its_shortest() {
        assert_eq!(length(Some(1_000_000), 1_000_000 + 40 * MIN), 5 * MIN);
    }

    #[test]
    fn a_short_session_asked_for_is_not_lengthened() {
        let asked = Duration::from_secs(2 * MIN);
        let got = session_length(
            asked,
            Some(1_000_000),
            Duration::from_secs(30 * MIN),
            Duration::from_secs(MIN),
            at(1_000_000 + 40 * MIN),
        );
        assert_eq!(got, asked);
    }
}
