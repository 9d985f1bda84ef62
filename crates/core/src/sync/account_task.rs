//! One task per account: it owns the account's channel client, catches up, then stays live
//! (long polling), sends the outbox, and backs off with jitter when the platform is unreachable.
//! The loop is three steps of [`AccountTask`]: `send_once`, `next_wait`, `receive_once`.

use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use tokio::sync::Notify;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::receipts;
use super::sender::{send_due, until, SendPass};
use crate::bus::{AccountState, CoreEvent};
use crate::channel::Channel;
use crate::error::{ChannelError, Error};
use crate::inbound::InboundBatch;
use crate::inbox::Inbox;
use crate::model::Account;
use crate::store::INBOUND_STREAM;

/// How long one receive may wait for news before returning empty.
const LONG_POLL: Duration = Duration::from_secs(25);
/// How long to wait before trying again to load credentials the shop owner must fix.
const ATTENTION_RETRY: Duration = Duration::from_secs(60);
/// How soon to try the cache again after it refused a write (a full disk): a freed disk is
/// used within seconds, and one failing transaction costs nothing.
const STORE_RETRY: Duration = Duration::from_secs(5);
/// While sending is blocked, receiving still waits at least this long: never spin.
const BLOCKED_SEND_MIN_WAIT: Duration = Duration::from_millis(250);

type Backoff = backon::ExponentialBackoff;

fn backoff() -> Backoff {
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

/// What the loop does after a step.
enum Next {
    /// Go round again at once.
    Continue,
    /// Wait this long (or until woken), then go round again.
    Pause(Duration),
    /// Receiving failed: wait this long (or until woken), then catch up again.
    Retry(Duration),
}

/// An account's sync between two turns of its loop.
struct AccountTask {
    inbox: Inbox,
    account: Account,
    channel: Arc<dyn Channel>,
    /// Where receiving resumes; advanced only after the batch it covers was stored.
    cursor: Option<String>,
    /// Caught up: receives now wait for news (long polling).
    live: bool,
    /// Messages stored so far in this catch-up, for the window's progress.
    fetched: u64,
    receive_delays: Backoff,
    /// Sending can fail while receiving works (WhatsApp receives from the local webhook inbox):
    /// then the outbox waits on its own backoff instead of retrying on every receive.
    send_delays: Backoff,
    /// Sending is blocked until then.
    send_after: Option<Instant>,
    /// One media prefetch at a time, in the background.
    prefetching: Arc<tokio::sync::Mutex<()>>,
}

pub(super) async fn run(
    inbox: Inbox,
    account: Account,
    signals: Signals,
    cancel: CancellationToken,
) {
    let Signals { wake, credentials } = signals;
    let Some(channel) = connect(&inbox, &account, &cancel, &credentials).await else {
        return;
    };
    let Some(mut task) = AccountTask::start(inbox, account, channel).await else {
        return;
    };
    while !cancel.is_cancelled() {
        task.housekeeping().await;
        let pass = match task.send_once().await {
            Ok(pass) => pass,
            Err(e) => {
                tracing::error!(account = task.account.id, "outbox failed: {e}");
                task.state(attention(&e));
                if !pause(&cancel, &wake, STORE_RETRY).await {
                    return;
                }
                continue;
            }
        };
        let wait = task.next_wait(&pass);
        let channel = task.channel.clone();
        let cursor = task.cursor.clone();
        let next = tokio::select! {
            biased;
            _ = cancel.cancelled() => return,
            _ = wake.notified() => {
                // Something new to send, or the shop owner acted: try the outbox now.
                task.send_after = None;
                Next::Continue
            }
            received = channel.receive(cursor.as_deref(), wait) => task.receive_once(received).await,
        };
        match next {
            Next::Continue => {}
            Next::Pause(delay) => {
                if !pause(&cancel, &wake, delay).await {
                    return;
                }
            }
            Next::Retry(delay) => {
                if !pause(&cancel, &wake, delay).await {
                    return;
                }
                task.catching_up_again();
            }
        }
    }
}

/// Builds the account's channel client, waiting on the keyring (or the minute) while the
/// secrets cannot be read. None when the task must stop.
async fn connect(
    inbox: &Inbox,
    account: &Account,
    cancel: &CancellationToken,
    credentials: &Notify,
) -> Option<Arc<dyn Channel>> {
    loop {
        match inbox.connect_account(account).await {
            Ok(c) => return Some(c),
            Err(e) => {
                tracing::warn!(
                    account = account.id,
                    code = %e.code(),
                    "cannot start sync: {e}"
                );
                publish_state(inbox, account, attention(&e));
                // Only the keyring coming back, or the minute, retries: every read here may
                // make the desktop ask to unlock the keyring.
                if !pause(cancel, credentials, ATTENTION_RETRY).await {
                    return None;
                }
            }
        }
    }
}

impl AccountTask {
    /// Reads where receiving resumes. None (after saying why) when the store cannot be read.
    async fn start(inbox: Inbox, account: Account, channel: Arc<dyn Channel>) -> Option<Self> {
        let id = account.id;
        publish_state(&inbox, &account, AccountState::CatchingUp { received: 0 });
        let cursor = match inbox.blocking(move |s| s.cursor(id, INBOUND_STREAM)).await {
            Ok(c) => c,
            Err(e) => {
                publish_state(&inbox, &account, attention(&e));
                return None;
            }
        };
        Some(AccountTask {
            inbox,
            account,
            channel,
            cursor,
            live: false,
            fetched: 0,
            receive_delays: backoff(),
            send_delays: backoff(),
            send_after: None,
            prefetching: Arc::default(),
        })
    }

    fn state(&self, state: AccountState) {
        publish_state(&self.inbox, &self.account, state);
    }

    /// Read receipts that are due, and (in the background) media whose links expire.
    async fn housekeeping(&self) {
        receipts::send_read_receipts(&self.inbox, self.account.id, self.channel.as_ref()).await;
        if !self.account.channel.prefetches_media() {
            return;
        }
        // In the background, so a large video never holds up new messages; one at a time.
        if let Ok(guard) = self.prefetching.clone().try_lock_owned() {
            let (inbox, channel, id) = (self.inbox.clone(), self.channel.clone(), self.account.id);
            tokio::spawn(async move {
                inbox.prefetch_media(id, channel.as_ref()).await;
                drop(guard);
            });
        }
    }

    /// Sends what the outbox has due, unless sending is blocked for now.
    async fn send_once(&mut self) -> Result<SendPass, Error> {
        let may_send = self.send_after.is_none_or(|t| Instant::now() >= t);
        if !may_send {
            return Ok(SendPass::default());
        }
        let pass = send_due(&self.inbox, self.account.id, self.channel.as_ref()).await?;
        match &pass.stopped_by {
            Some(e) => {
                let delay = if e.needs_attention() {
                    self.state(attention(&Error::Channel(e.clone())));
                    ATTENTION_RETRY
                } else {
                    self.state(offline(e));
                    self.send_delays.next().unwrap_or(Duration::from_secs(60))
                };
                self.send_after = Some(Instant::now() + delay);
            }
            None if self.send_after.take().is_some() => {
                self.send_delays = backoff();
                self.state(self.progress());
            }
            None => {}
        }
        Ok(pass)
    }

    /// How long the next receive may wait: long once live, not past the outbox's next due
    /// message, nor past the end of a blocked send's pause.
    fn next_wait(&self, pass: &SendPass) -> Duration {
        let wait = if self.live { LONG_POLL } else { Duration::ZERO };
        let wait = until(pass.next_due_ms).map_or(wait, |due| wait.min(due));
        match self.send_after {
            Some(t) => wait
                .min(t.saturating_duration_since(Instant::now()))
                .max(BLOCKED_SEND_MIN_WAIT),
            None => wait,
        }
    }

    /// Stores what one receive brought and advances the cursor with it.
    async fn receive_once(&mut self, received: Result<InboundBatch, ChannelError>) -> Next {
        let batch = match received {
            Ok(batch) => batch,
            Err(e) => return self.receive_failed(e),
        };
        let caught_up = batch.events.is_empty();
        let next_cursor = batch.cursor.clone().or(self.cursor.clone());
        match self.inbox.ingest(self.account.id, batch).await {
            Ok(stored) => {
                self.cursor = next_cursor;
                self.receive_delays = backoff();
                let news = stored.messages.len() + stored.backfilled.len();
                if !self.live && news > 0 && self.send_after.is_none() {
                    self.fetched += news as u64;
                    self.state(AccountState::CatchingUp {
                        received: self.fetched,
                    });
                }
                if caught_up && !self.live {
                    self.live = true;
                    // While sending is blocked the account keeps saying why.
                    if self.send_after.is_none() {
                        self.state(AccountState::Live);
                    }
                }
                Next::Continue
            }
            Err(e) => {
                tracing::error!(account = self.account.id, "cannot store messages: {e}");
                self.state(attention(&e));
                Next::Pause(STORE_RETRY)
            }
        }
    }

    fn receive_failed(&mut self, e: ChannelError) -> Next {
        self.live = false;
        tracing::info!(account = self.account.id, code = %e.code(), "receive failed: {e}");
        let delay = match &e {
            ChannelError::RateLimited { retry_after, .. } => *retry_after,
            _ => self
                .receive_delays
                .next()
                .unwrap_or(Duration::from_secs(60)),
        };
        self.state(if e.needs_attention() {
            attention(&Error::Channel(e))
        } else {
            offline(&e)
        });
        Next::Retry(delay)
    }

    /// Back from the pause after a failed receive: catching up from the cursor again.
    fn catching_up_again(&mut self) {
        self.fetched = 0;
        self.state(AccountState::CatchingUp { received: 0 });
    }

    /// What the account is doing when nothing is wrong.
    fn progress(&self) -> AccountState {
        if self.live {
            AccountState::Live
        } else {
            AccountState::CatchingUp {
                received: self.fetched,
            }
        }
    }
}

fn publish_state(inbox: &Inbox, account: &Account, state: AccountState) {
    inbox.publish(CoreEvent::AccountState {
        account_id: account.id,
        state,
    });
}

fn attention(e: &Error) -> AccountState {
    AccountState::NeedsAttention {
        code: e.code(),
        reason: e.to_string(),
    }
}

fn offline(e: &ChannelError) -> AccountState {
    AccountState::Offline {
        code: e.code(),
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
