//! One task per account: it owns the account's channel client, catches up, then stays live
//! (long polling), sends the outbox, and backs off with jitter when the platform is unreachable.

use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::receipts;
use super::sender::{send_due, until};
use super::SendPass;
use super::STREAM;
use crate::bus::{AccountState, CoreEvent};
use crate::channel::{Channel, ChannelError};
use crate::error::Error;
use crate::inbox::Inbox;
use crate::model::Account;

/// How long one receive may wait for news before returning empty.
const LONG_POLL: Duration = Duration::from_secs(25);
/// How long to wait before trying again to load credentials the shop owner must fix.
const ATTENTION_RETRY: Duration = Duration::from_secs(60);

fn backoff() -> impl Iterator<Item = Duration> {
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_secs(1))
        .with_max_delay(Duration::from_secs(60))
        .with_jitter()
        .without_max_times()
        .build()
}

/// What wakes an account's task early.
pub(super) struct Signals {
    /// Something to send, or the shop owner acted.
    pub wake: Arc<Notify>,
    /// The keyring answers again: secrets that were missing or locked may be readable.
    pub credentials: Arc<Notify>,
}

pub(super) async fn run(
    inbox: Inbox,
    account: Account,
    signals: Signals,
    cancel: CancellationToken,
) {
    let Signals { wake, credentials } = signals;
    let state = |state: AccountState| {
        inbox.publish(CoreEvent::AccountState {
            account_id: account.id,
            state,
        })
    };
    let channel: Arc<dyn Channel> = loop {
        match inbox.connect_account(&account).await {
            Ok(c) => break c,
            Err(e) => {
                tracing::warn!(
                    account = account.id,
                    code = e.code(),
                    "cannot start sync: {e}"
                );
                state(attention(&e));
                // Only the keyring coming back, or the minute, retries: every read here may
                // make the desktop ask to unlock the keyring.
                if !pause(&cancel, &credentials, ATTENTION_RETRY).await {
                    return;
                }
            }
        }
    };

    let mut fetched: u64 = 0;
    state(AccountState::CatchingUp { received: fetched });
    let mut delays = backoff();
    let mut live = false;
    let mut cursor = match inbox.blocking(move |s| s.cursor(account.id, STREAM)).await {
        Ok(c) => c,
        Err(e) => {
            state(attention(&e));
            return;
        }
    };

    let prefetching = Arc::new(tokio::sync::Mutex::new(()));
    // Sending can fail while receiving works (WhatsApp receives from the local webhook inbox):
    // then the outbox waits on its own backoff instead of retrying on every receive.
    let mut send_delays = backoff();
    let mut send_after: Option<tokio::time::Instant> = None;
    while !cancel.is_cancelled() {
        receipts::send_read_receipts(&inbox, account.id, channel.as_ref()).await;
        if account.channel.prefetches_media() {
            // In the background, so a large video never holds up new messages; one at a time.
            if let Ok(guard) = prefetching.clone().try_lock_owned() {
                let (inbox, channel, id) = (inbox.clone(), channel.clone(), account.id);
                tokio::spawn(async move {
                    inbox.prefetch_media(id, channel.as_ref()).await;
                    drop(guard);
                });
            }
        }
        let may_send = send_after.is_none_or(|t| tokio::time::Instant::now() >= t);
        let pass = if may_send {
            match send_due(&inbox, account.id, channel.as_ref()).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(account = account.id, "outbox failed: {e}");
                    state(attention(&e));
                    if !pause(&cancel, &wake, ATTENTION_RETRY).await {
                        return;
                    }
                    continue;
                }
            }
        } else {
            SendPass::default()
        };
        match &pass.stopped_by {
            Some(e) => {
                let delay = if e.needs_attention() {
                    state(attention(&Error::Channel(e.clone())));
                    ATTENTION_RETRY
                } else {
                    state(AccountState::Offline {
                        reason: e.to_string(),
                    });
                    send_delays.next().unwrap_or(Duration::from_secs(60))
                };
                send_after = Some(tokio::time::Instant::now() + delay);
            }
            None if may_send && send_after.take().is_some() => {
                send_delays = backoff();
                state(if live {
                    AccountState::Live
                } else {
                    AccountState::CatchingUp { received: fetched }
                });
            }
            None => {}
        }
        let wait = if live { LONG_POLL } else { Duration::ZERO };
        let wait = until(pass.next_due_ms).map_or(wait, |due| wait.min(due));
        let wait = match send_after {
            Some(t) => wait.min(t.saturating_duration_since(tokio::time::Instant::now())),
            None => wait,
        };
        // Receiving while sending is blocked: wait at least a little, never spin.
        let wait = if send_after.is_some() {
            wait.max(Duration::from_millis(250))
        } else {
            wait
        };

        tokio::select! {
            biased;
            _ = cancel.cancelled() => return,
            _ = wake.notified() => {
                // Something new to send, or the shop owner acted: try the outbox now.
                send_after = None;
                continue;
            }
            received = channel.receive(cursor.as_deref(), wait) => match received {
                Ok(batch) => {
                    let caught_up = batch.events.is_empty();
                    let next_cursor = batch.cursor.clone().or(cursor.clone());
                    match inbox.ingest(account.id, batch).await {
                        Ok(stored) => {
                            cursor = next_cursor;
                            delays = backoff();
                            let news = stored.messages.len() + stored.backfilled.len();
                            if !live && news > 0 && send_after.is_none() {
                                fetched += news as u64;
                                state(AccountState::CatchingUp { received: fetched });
                            }
                            if caught_up && !live {
                                live = true;
                                // While sending is blocked the account keeps saying why.
                                if send_after.is_none() {
                                    state(AccountState::Live);
                                }
                            }
                        }
                        Err(e) => {
                            tracing::error!(account = account.id, "cannot store messages: {e}");
                            state(attention(&e));
                            if !pause(&cancel, &wake, ATTENTION_RETRY).await {
                                return;
                            }
                        }
                    }
                }
                Err(e) => {
                    live = false;
                    tracing::info!(account = account.id, code = e.code(), "receive failed: {e}");
                    let delay = match &e {
                        ChannelError::RateLimited { retry_after, .. } => *retry_after,
                        _ => delays.next().unwrap_or(Duration::from_secs(60)),
                    };
                    state(if e.needs_attention() {
                        attention(&Error::Channel(e))
                    } else {
                        AccountState::Offline { reason: e.to_string() }
                    });
                    if !pause(&cancel, &wake, delay).await {
                        return;
                    }
                    fetched = 0;
                    state(AccountState::CatchingUp { received: fetched });
                }
            }
        }
    }
}

fn attention(e: &Error) -> AccountState {
    AccountState::NeedsAttention {
        code: e.code().to_owned(),
        reason: e.to_string(),
    }
}

/// Waits `delay`, or less if `early` is notified. False when the task must stop.
async fn pause(cancel: &CancellationToken, early: &Notify, delay: Duration) -> bool {
    tokio::select! {
        _ = cancel.cancelled() => false,
        _ = early.notified() => true,
        _ = tokio::time::sleep(delay) => true,
    }
}
