//! The generated shop: its chats, planned from the seed, and the batches of payloads that
//! replay them in time order.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use super::chat::{Chat, HistoryChannel, Media};
use super::payloads;
use super::text::{self, Lang};

/// A word that appears about once in 20,000 messages, for the "rare word" search.
pub const RARE_WORD: &str = "babà";
const RARE_EVERY: u32 = 20_000;

/// The end of the generated history (2026-11-01T00:00:00Z): fixed, so a seed means one history.
/// When the generated history ends (2026-11-01 UTC).
pub const END_MS: i64 = 1_793_491_200_000;
const SPAN_MS: i64 = 2 * 365 * 24 * 3_600_000;

/// A batch of one channel's payloads, as one poll or a run of webhook deliveries brings them.
#[derive(Debug, Clone)]
pub struct PayloadBatch {
    pub channel: HistoryChannel,
    pub payloads: Vec<Value>,
}

pub struct ShopHistory {
    seed: u64,
    pub chats: Vec<Chat>,
}

impl ShopHistory {
    /// The benchmark's history: 1,000,000 messages in 5,000 conversations.
    pub fn standard(seed: u64) -> ShopHistory {
        Self::generate(seed, 1_000_000, 5_000)
    }

    /// `total` messages over `chats` conversations (at least 10): two chats with a tenth of the
    /// messages each, a fifth of the chats sharing most of the rest, the others 1 to 19 each.
    pub fn generate(seed: u64, total: u64, chats: u32) -> ShopHistory {
        let chats = chats.max(10);
        let mut rng = StdRng::seed_from_u64(seed);
        let big = total / 10;
        let mid_count = chats / 5;
        let small_count = chats - 2 - mid_count;
        let small: Vec<u64> = (0..small_count).map(|_| rng.random_range(1..20)).collect();
        let rest = total.saturating_sub(2 * big + small.iter().sum::<u64>());
        let weights: Vec<f64> = (0..mid_count).map(|_| rng.random_range(0.6..1.4)).collect();
        let weight_sum: f64 = weights.iter().sum();
        let mut mid: Vec<u64> = weights
            .iter()
            .map(|w| (rest as f64 * w / weight_sum) as u64)
            .collect();
        // Rounding leftovers go to the first mid-sized chat, so the total is exact.
        let leftover = rest - mid.iter().sum::<u64>();
        if let Some(first) = mid.first_mut() {
            *first += leftover;
        }
        let sizes = [big, big].into_iter().chain(mid).chain(small);
        let chats = sizes
            .enumerate()
            .map(|(i, n)| plan_chat(&mut rng, i as u64, n as u32))
            .collect();
        ShopHistory { seed, chats }
    }

    pub fn total_messages(&self) -> u64 {
        self.chats.iter().map(|c| c.messages as u64).sum()
    }

    /// Every message in time order, in batches of up to `size` messages of one channel.
    pub fn batches(&self, size: usize) -> impl Iterator<Item = PayloadBatch> + '_ {
        let mut order: Vec<(i64, u32, u32)> = Vec::with_capacity(self.total_messages() as usize);
        for (c, chat) in self.chats.iter().enumerate() {
            for seq in 0..chat.messages {
                order.push((chat.first_ms + seq as i64 * chat.step_ms, c as u32, seq));
            }
        }
        order.sort_unstable();
        let mut pending: [Vec<Value>; 3] = Default::default();
        let mut order = order.into_iter().enumerate();
        std::iter::from_fn(move || loop {
            let Some((serial, (at_ms, c, seq))) = order.next() else {
                // The end: what is left of each channel.
                return pending
                    .iter_mut()
                    .enumerate()
                    .find(|(_, p)| !p.is_empty())
                    .map(|(i, p)| PayloadBatch {
                        channel: channel_at(i),
                        payloads: std::mem::take(p),
                    });
            };
            let chat = &self.chats[c as usize];
            let slot = channel_slot(chat.channel);
            pending[slot].push(self.payload(chat, serial as u64 + 1, at_ms, seq));
            if pending[slot].len() >= size {
                return Some(PayloadBatch {
                    channel: chat.channel,
                    payloads: std::mem::take(&mut pending[slot]),
                });
            }
        })
    }

    fn payload(&self, chat: &Chat, serial: u64, at_ms: i64, seq: u32) -> Value {
        let mut rng = StdRng::seed_from_u64(self.seed ^ serial.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        // Telegram bots only ever see the customer's side.
        let from_shop = chat.channel != HistoryChannel::Telegram && seq % 5 >= 3;
        let mut text = text::message(chat.lang, from_shop, &mut rng);
        if rng.random_range(0..RARE_EVERY) == 0 {
            text.push_str(&format!(" (e un {RARE_WORD} al rum)"));
        }
        let media = (rng.random_range(0..10) == 0).then(|| match rng.random_range(0..3) {
            0 => Media::Photo,
            1 => Media::Voice,
            _ => Media::Document,
        });
        payloads::payload(&payloads::Message {
            chat,
            serial,
            at_ms,
            from_shop,
            text,
            media,
        })
    }
}

fn plan_chat(rng: &mut StdRng, index: u64, messages: u32) -> Chat {
    let channel = match rng.random_range(0..4) {
        0 | 1 => HistoryChannel::WhatsApp,
        2 => HistoryChannel::Telegram,
        _ => HistoryChannel::Messenger,
    };
    let lang = Lang::pick(rng);
    let remote_id = match channel {
        HistoryChannel::Telegram => (100_000_000 + index).to_string(),
        HistoryChannel::WhatsApp => format!("39{}", 3_200_000_000u64 + index),
        HistoryChannel::Messenger => format!("{}", 7_000_000_000_000_000u64 + index),
    };
    // Long chats span the whole history; short ones a few days somewhere in it.
    let span = if messages > 1_000 {
        SPAN_MS
    } else {
        rng.random_range(3_600_000..SPAN_MS / 4)
    };
    let first_ms = END_MS - SPAN_MS + rng.random_range(0..(SPAN_MS - span).max(1));
    Chat {
        channel,
        remote_id,
        name: text::customer_name(lang, rng),
        lang,
        messages,
        first_ms,
        step_ms: (span / messages.max(1) as i64).max(1),
    }
}

fn channel_slot(channel: HistoryChannel) -> usize {
    match channel {
        HistoryChannel::Telegram => 0,
        HistoryChannel::WhatsApp => 1,
        HistoryChannel::Messenger => 2,
    }
}

fn channel_at(slot: usize) -> HistoryChannel {
    [
        HistoryChannel::Telegram,
        HistoryChannel::WhatsApp,
        HistoryChannel::Messenger,
    ][slot]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_add_up_like_a_real_shop() {
        let h = ShopHistory::standard(7);
        assert_eq!(h.chats.len(), 5_000);
        assert_eq!(h.total_messages(), 1_000_000);
        let mut sizes: Vec<u32> = h.chats.iter().map(|c| c.messages).collect();
        sizes.sort_unstable();
        assert_eq!(&sizes[4_998..], [100_000, 100_000]);
        let mid = sizes.iter().filter(|n| (400..2_000).contains(*n)).count();
        assert_eq!(mid, 1_000, "a thousand mid-sized chats");
        assert!(sizes[..3_998].iter().all(|n| (1..20).contains(n)));
        for channel in [
            HistoryChannel::Telegram,
            HistoryChannel::WhatsApp,
            HistoryChannel::Messenger,
        ] {
            assert!(h.chats.iter().filter(|c| c.channel == channel).count() > 500);
        }
    }

    #[test]
    fn same_seed_same_history_in_time_order() {
        let a: Vec<_> = ShopHistory::generate(3, 2_000, 50).batches(100).collect();
        let b: Vec<_> = ShopHistory::generate(3, 2_000, 50).batches(100).collect();
        let payloads = |v: &[PayloadBatch]| -> Vec<Value> {
            v.iter().flat_map(|b| b.payloads.clone()).collect()
        };
        assert_eq!(payloads(&a), payloads(&b));
        assert_eq!(payloads(&a).len(), 2_000);
        let c: Vec<_> = ShopHistory::generate(4, 2_000, 50).batches(100).collect();
        assert_ne!(payloads(&a), payloads(&c));
        assert!(a.iter().all(|b| b.payloads.len() <= 100));
    }
}
