//! How fast a broadcast may leave: the platforms' throughput limits, as a gap between sends.
//!
//! - Telegram: about 30 messages a second overall, and 1 a second to one chat (Bot API FAQ);
//!   a broadcast sends one message per chat, so the overall limit is the one that binds.
//! - WhatsApp Cloud API: 80 messages a second per number, 20 for a number also used in the
//!   WhatsApp Business app (Coexistence); above it Meta answers 130429.
//! - Messenger: no broadcasts to EU customers at all (the pre-flight excludes them).
//!
//! Sportello keeps below each limit rather than at it, so a reply the shop writes meanwhile
//! still has room.

use crate::model::ChannelKind;

/// Broadcast messages a second this account may send.
pub fn per_second(channel: ChannelKind, coexistence: bool) -> u32 {
    match channel {
        ChannelKind::Telegram => 25,
        ChannelKind::Whatsapp if coexistence => 16,
        ChannelKind::Whatsapp => 64,
        ChannelKind::Messenger => 1,
    }
}

/// Keeps sends at least `gap_ms` apart.
#[derive(Debug, Clone)]
pub struct Pacer {
    gap_ms: i64,
    next_ms: i64,
}

impl Pacer {
    pub fn new(per_second: u32) -> Self {
        Pacer {
            gap_ms: 1000 / i64::from(per_second.max(1)),
            next_ms: i64::MIN,
        }
    }

    /// How long to wait before the next send at `now_ms`; the send is then booked.
    pub fn wait_ms(&mut self, now_ms: i64) -> i64 {
        let at = self.next_ms.max(now_ms);
        self.next_ms = at.saturating_add(self.gap_ms);
        at - now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_stay_below_each_platform_s() {
        assert!(per_second(ChannelKind::Telegram, false) <= 30);
        assert!(per_second(ChannelKind::Whatsapp, false) <= 80);
        assert!(per_second(ChannelKind::Whatsapp, true) <= 20);
    }

    #[test]
    fn sends_back_to_back_are_spread_to_the_rate() {
        let mut p = Pacer::new(25);
        let waits: Vec<i64> = (0..5).map(|_| p.wait_ms(1_000)).collect();
        assert_eq!(waits, [0, 40, 80, 120, 160]);
        // 25 sends booked from t = 1000 take a second: never more than 25 in any second.
        let mut p = Pacer::new(25);
        let starts: Vec<i64> = (0..100).map(|_| 1_000 + p.wait_ms(1_000)).collect();
        for w in starts.windows(26) {
            assert!(w[25] - w[0] >= 1000, "26 sends within a second");
        }
    }

    #[test]
    fn a_pause_between_sends_is_not_made_up_later() {
        let mut p = Pacer::new(10);
        assert_eq!(p.wait_ms(0), 0);
        assert_eq!(p.wait_ms(5_000), 0);
        assert_eq!(p.wait_ms(5_000), 100);
    }
}
