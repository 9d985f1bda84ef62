//! The shop's clock while sync runs: snoozed chats come back when their time comes (with a
//! reminder for a follow-up). It sleeps until the next snooze ends, at most a minute, or until a
//! snooze is set.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::sender::until;
use crate::inbox::Inbox;

/// The longest the clock sleeps without looking (a changed system clock, a missed signal).
const LOOK_AT_LEAST_EVERY: Duration = Duration::from_secs(60);

pub(super) async fn run(inbox: Inbox, cancel: CancellationToken) {
    let signal = inbox.clock_signal();
    while !cancel.is_cancelled() {
        if let Err(e) = inbox.end_due_snoozes().await {
            tracing::warn!("snoozed chats not reopened: {e}");
        }
        let next = inbox.next_snooze_end().await.ok().flatten();
        let wait = until(next).map_or(LOOK_AT_LEAST_EVERY, |d| d.min(LOOK_AT_LEAST_EVERY));
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = signal.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
