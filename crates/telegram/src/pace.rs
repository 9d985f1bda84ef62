//! Keeps sending within Telegram's limits (about one message a second per chat, with short
//! bursts, and about thirty a second overall), so a burst of replies is paced rather than
//! answered with 429s.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket that can be overdrawn: overdrawing is a reservation in the future.
#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Clone, Copy)]
struct Limit {
    per_second: f64,
    burst: f64,
}

const PER_CHAT: Limit = Limit {
    per_second: 1.0,
    burst: 3.0,
};
const OVERALL: Limit = Limit {
    per_second: 30.0,
    burst: 30.0,
};

impl Bucket {
    fn full(limit: Limit, now: Instant) -> Self {
        Bucket {
            tokens: limit.burst,
            at: now,
        }
    }

    /// Takes one token; returns how long to wait until it is really ours.
    fn take(&mut self, limit: Limit, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * limit.per_second).min(limit.burst) - 1.0;
        self.at = now;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / limit.per_second)
        }
    }
}

pub struct Pacer {
    state: Mutex<(Bucket, HashMap<String, Bucket>)>,
}

impl Pacer {
    pub fn new() -> Self {
        Pacer {
            state: Mutex::new((Bucket::full(OVERALL, Instant::now()), HashMap::new())),
        }
    }

    /// Waits until a message to `chat` may go out.
    pub async fn ready(&self, chat: &str) {
        let wait = {
            let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let (overall, chats) = &mut *guard;
            let chat_wait = chats
                .entry(chat.to_owned())
                .or_insert_with(|| Bucket::full(PER_CHAT, now))
                .take(PER_CHAT, now);
            chat_wait.max(overall.take(OVERALL, now))
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_gets_a_short_burst_then_one_a_second() {
        let now = Instant::now();
        let mut b = Bucket::full(PER_CHAT, now);
        let waits: Vec<_> = (0..5).map(|_| b.take(PER_CHAT, now)).collect();
        assert_eq!(&waits[..3], &[Duration::ZERO; 3]);
        assert_eq!(waits[3], Duration::from_secs(1));
        assert_eq!(waits[4], Duration::from_secs(2));
        let later = now + Duration::from_secs(10);
        assert_eq!(b.take(PER_CHAT, later), Duration::ZERO, "refills over time");
    }
}
