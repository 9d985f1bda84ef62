//! What the suite needs from a channel's simulated platform: a shop with one account on it,
//! and the platform's side of each scenario.

use async_trait::async_trait;
use sportello_core::model::AccountId;
use sportello_core::Inbox;

#[async_trait]
pub trait Platform: Send + Sync + Sized + 'static {
    /// A shop on a fresh data folder with one account on this platform (its secrets in the
    /// session keyring), the platform simulated on 127.0.0.1. Sync is not started.
    async fn open() -> Self;
    fn inbox(&self) -> &Inbox;
    fn account(&self) -> AccountId;
    /// Whether the platform tells what became of a sent message (Telegram bots are told
    /// neither delivery nor reading).
    fn reports_statuses(&self) -> bool;
    /// A customer writes `text` to the shop.
    async fn customer_writes(&self, text: &str);
    /// The customer's next message is delivered twice, as an at-least-once platform may.
    async fn deliver_next_twice(&self);
    /// Returns once the platform has handed the shop both copies of that message.
    async fn delivered_twice(&self);
    /// The platform reports the shop's message `remote_id` read, then (late) delivered and
    /// sent; returns once every report has reached the shop.
    async fn report_backwards(&self, remote_id: &str);
    /// The platform's next call is answered 429, asking to wait `secs`.
    async fn slow_down_next(&self, secs: u64);
    /// The platform refuses the saved credentials from now on.
    async fn revoke(&self);
    /// The texts the shop sent, as the platform received them, oldest first.
    async fn sent_texts(&self) -> Vec<String>;
    /// The photos the shop sent, by their captions as the platform received them.
    async fn sent_photo_captions(&self) -> Vec<String>;
    /// The platform carries out the shop's next send, but the answer never reaches the shop
    /// (the connection drops): the app cannot know it went.
    async fn lose_next_answer(&self);
    /// The shop's inbox opened again on the same data folder, as after a restart.
    fn reopen(&mut self);
}
