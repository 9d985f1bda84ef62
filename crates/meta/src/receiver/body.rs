//! Reading a delivery's body before its signature can be checked, within limits an
//! unauthenticated peer cannot stretch: a size cap, a pause between two pieces of at most 10 s,
//! 30 s for the whole body, and a shared budget of memory for bodies being read. Deliveries are
//! small (a few KiB); the first 256 KiB of each body comes from one pool and anything beyond
//! from a second, so senders of big bodies held open (100 × 3.9 MB without their last byte)
//! exhaust only the second pool and a real delivery still has room.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The longest pause between two pieces of a body.
pub const PIECE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a whole body may take.
pub const BODY_DEADLINE: Duration = Duration::from_secs(30);
/// After a short grace, a body still arriving must keep up this average rate (bytes per
/// second): trickling a byte every few seconds holds a connection for nothing.
const MIN_RATE: u64 = 8 * 1024;
const GRACE: Duration = Duration::from_secs(3);
/// What each body may take from the first pool.
const SMALL_PART: usize = 256 * 1024;
/// Both pools, in bytes.
const SMALL_POOL: usize = 16 * 1024 * 1024;
const LARGE_POOL: usize = 16 * 1024 * 1024;
/// Pools count in KiB (a semaphore has at most u32 permits at a time).
const UNIT: usize = 1024;

/// Why a body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooLarge,
    TooSlow,
    /// The memory for bodies being read is in use: try again (503; Meta retries).
    Busy,
    /// The connection broke mid-body.
    Broken,
}

/// The memory bodies being read may hold, shared by every connection.
#[derive(Clone)]
pub struct Budget {
    small: Arc<Semaphore>,
    large: Arc<Semaphore>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            small: Arc::new(Semaphore::new(SMALL_POOL / UNIT)),
            large: Arc::new(Semaphore::new(LARGE_POOL / UNIT)),
        }
    }
}

/// What one body holds from the pools; given back when the body is done with.
#[derive(Default)]
struct Held {
    small: Vec<OwnedSemaphorePermit>,
    large: Vec<OwnedSemaphorePermit>,
    units: usize,
}

impl Budget {
    /// Takes what a body of `len` bytes needs beyond what it holds, without waiting.
    fn grow(&self, held: &mut Held, len: usize) -> Result<(), Refused> {
        let wanted = len.div_ceil(UNIT);
        if wanted <= held.units {
            return Ok(());
        }
        let small_cap = SMALL_PART / UNIT;
        let from_small = wanted
            .min(small_cap)
            .saturating_sub(held.units.min(small_cap));
        let from_large = wanted
            .saturating_sub(small_cap)
            .saturating_sub(held.units.saturating_sub(small_cap));
        if from_small > 0 {
            let permit = self
                .small
                .clone()
                .try_acquire_many_owned(u32::try_from(from_small).map_err(|_| Refused::Busy)?)
                .map_err(|_| Refused::Busy)?;
            held.small.push(permit);
        }
        if from_large > 0 {
            let permit = self
                .large
                .clone()
                .try_acquire_many_owned(u32::try_from(from_large).map_err(|_| Refused::Busy)?)
                .map_err(|_| Refused::Busy)?;
            held.large.push(permit);
        }
        held.units = wanted;
        Ok(())
    }
}

/// The whole body, or why not. `declared` is the Content-Length, if any.
pub async fn read(
    body: Body,
    declared: Option<u64>,
    max: usize,
    budget: &Budget,
) -> Result<Bytes, Refused> {
    if declared.is_some_and(|n| n > max as u64) {
        return Err(Refused::TooLarge);
    }
    let started = Instant::now();
    let mut body = body;
    let mut held = Held::default();
    let mut out: Vec<u8> = Vec::new();
    loop {
        let left = BODY_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(Refused::TooSlow);
        }
        let piece = tokio::time::timeout(PIECE_TIMEOUT.min(left), body.frame())
            .await
            .map_err(|_| Refused::TooSlow)?;
        let Some(frame) = piece else { break };
        let frame = frame.map_err(|_| Refused::Broken)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        let len = out.len() + data.len();
        if len > max {
            return Err(Refused::TooLarge);
        }
        budget.grow(&mut held, len)?;
        out.extend_from_slice(&data);
        if too_slow(out.len(), started.elapsed()) {
            return Err(Refused::TooSlow);
        }
    }
    Ok(Bytes::from(out))
}

/// Whether `received` bytes after `elapsed` fall below the minimum rate (after the grace).
fn too_slow(received: usize, elapsed: Duration) -> bool {
    let Some(counted) = elapsed.checked_sub(GRACE) else {
        return false;
    };
    (received as u64) < MIN_RATE.saturating_mul(counted.as_secs())
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    #[test]
    fn a_trickle_is_too_slow_after_the_grace() {
        assert!(!too_slow(10, Duration::from_secs(2)), "the grace");
        assert!(!too_slow(20_000, Duration::from_secs(5)));
        assert!(
            too_slow(100, Duration::from_secs(9)),
            "a byte every few seconds"
        );
        assert!(!too_slow(4 * 1024 * 1024, Duration::from_secs(20)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_sent_a_few_bytes_at_a_time_is_given_up() {
        let chunks = (0..100).map(|_| Ok::<_, std::io::Error>(Bytes::from_static(b"abcd")));
        let stream = futures_util::stream::iter(chunks).then(|c| async move {
            tokio::time::sleep(Duration::from_millis(900)).await;
            c
        });
        let body = Body::from_stream(stream);
        let read = read(body, None, 1 << 20, &Budget::default()).await;
        assert_eq!(read.unwrap_err(), Refused::TooSlow);
        // The same bytes at once are taken.
        let body = Body::from(vec![b'a'; 400]);
        assert_eq!(read_all(body).await.len(), 400);
    }

    async fn read_all(body: Body) -> Bytes {
        read(body, Some(400), 1 << 20, &Budget::default())
            .await
            .unwrap()
    }

    #[test]
    fn big_bodies_take_from_their_own_pool_and_small_ones_keep_room() {
        let budget = Budget::default();
        let mut bigs = Vec::new();
        // Big bodies until the second pool is spent.
        loop {
            let mut held = Held::default();
            match budget.grow(&mut held, 3_900_000) {
                Ok(()) => bigs.push(held),
                Err(Refused::Busy) => break,
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(bigs.len(), LARGE_POOL / (3_900_000 - SMALL_PART));
        // A small delivery still fits.
        let mut small = Held::default();
        budget.grow(&mut small, 5_000).unwrap();
        // Growing step by step takes only the difference.
        budget.grow(&mut small, 200_000).unwrap();
        assert_eq!(small.units, 200_000usize.div_ceil(UNIT));
        drop(bigs);
        let mut again = Held::default();
        budget
            .grow(&mut again, 3_900_000)
            .expect("given back when dropped");
    }
}
