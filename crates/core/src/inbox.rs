//! [`Inbox`]: the one front door to core for the app and the CLI. It owns the store, the event
//! bus and the sync engine, and runs every SQLite call off the async runtime.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::bus::{AccountState, AccountStatus, CoreEvent, EventBus};
use crate::channel::{AccountIds, Channel, ChannelConfig, Connect};
use crate::error::{Error, Result};
use crate::inbound::InboundBatch;
use crate::model::{
    Account, AccountId, ChannelKind, ConversationId, ConversationSummary, MessageId,
    MessageTemplate, MessageView, SearchHit,
};
use crate::paths;
use crate::secrets::{self, AccountSecrets};
use crate::store::{Ingested, NewAccountRow, Store};
use crate::sync::{Running, SyncLock, STREAM};

/// The demo account talks to the in-process simulator with this well-known, non-secret token,
/// so the demo works even on a machine without a keyring.
pub const DEMO_BOT_TOKEN: &str = "1000000:sportello-demo";

fn demo_secrets() -> AccountSecrets {
    AccountSecrets::default().with("bot_token", DEMO_BOT_TOKEN)
}

#[derive(Clone)]
pub struct Inbox {
    inner: Arc<Inner>,
}

struct Inner {
    data_dir: PathBuf,
    store: Store,
    bus: EventBus,
    connect: Connect,
    sync: Mutex<Option<Running>>,
    /// The last state each account's sync reported, for a window that opens later.
    states: Mutex<HashMap<AccountId, AccountState>>,
    /// Bumped by the webhook receiver after each saved delivery.
    deliveries: tokio::sync::watch::Sender<u64>,
    /// The last template list each account's platform gave, for when it cannot be reached.
    templates: Mutex<HashMap<AccountId, Vec<MessageTemplate>>>,
}

/// A channel account to add, with its secrets (which go to the keyring, never to SQLite).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub channel: ChannelKind,
    pub name: String,
    pub api_base: Option<String>,
    pub secrets: AccountSecrets,
    pub is_demo: bool,
    /// The platform's ids the owner gives (WhatsApp: phone number id and business account id).
    pub ids: AccountIds,
}

impl Inbox {
    /// Opens the data dir's cache. `connect` builds channel clients (see `sportello-channels`).
    pub fn open(data_dir: &Path, connect: Connect) -> Result<Inbox> {
        let store = Store::open(&paths::cache_file(data_dir))?;
        Ok(Inbox {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_owned(),
                store,
                bus: EventBus::new(),
                connect,
                sync: Mutex::new(None),
                states: Mutex::default(),
                deliveries: tokio::sync::watch::channel(0).0,
                templates: Mutex::default(),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn deliveries_watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.deliveries.subscribe()
    }

    pub(crate) fn remember_templates(&self, account: AccountId, list: Vec<MessageTemplate>) {
        self.inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account, list);
    }

    pub(crate) fn remembered_templates(&self, account: AccountId) -> Option<Vec<MessageTemplate>> {
        self.inner
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&account)
            .cloned()
    }

    pub(crate) fn delivery_arrived(&self) {
        self.inner
            .deliveries
            .send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Claims the right to sync this data dir (see [`SyncLock`]).
    pub fn lock_sync(&self) -> Result<SyncLock> {
        SyncLock::acquire(&self.inner.data_dir)
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<CoreEvent> {
        self.inner.bus.subscribe()
    }

    pub(crate) fn publish(&self, event: CoreEvent) {
        if let CoreEvent::AccountState { account_id, state } = &event {
            self.inner
                .states
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(*account_id, state.clone());
        }
        self.inner.bus.publish(event);
    }

    /// How each account's sync is doing now (accounts not syncing are absent).
    pub fn account_states(&self) -> Vec<AccountStatus> {
        let states = self.inner.states.lock().unwrap_or_else(|p| p.into_inner());
        let mut list: Vec<_> = states
            .iter()
            .map(|(k, v)| AccountStatus {
                account_id: *k,
                state: v.clone(),
            })
            .collect();
        list.sort_by_key(|s| s.account_id);
        list
    }

    pub(crate) fn sync_slot(&self) -> MutexGuard<'_, Option<Running>> {
        self.inner
            .sync
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs blocking store work on the blocking pool.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || f(&store)).await?
    }

    // ----- accounts -----

    pub async fn accounts(&self) -> Result<Vec<Account>> {
        self.blocking(|s| s.accounts()).await
    }

    /// Checks the credentials with the platform, stores the secrets in the keyring and the
    /// account in the cache. Nothing is kept if any step fails.
    pub async fn add_account(&self, new: NewAccount) -> Result<Account> {
        let name = new.name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::InvalidInput(
                "Give the account a name, e.g. \"Shop bot\".".into(),
            ));
        }
        let api_base = match new.api_base.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Some(url.trim_end_matches('/').to_owned())
            }
            Some(url) => {
                return Err(Error::InvalidInput(format!(
                    "The API address {url:?} must start with http:// or https://."
                )))
            }
        };
        let secrets = if new.is_demo {
            demo_secrets()
        } else {
            new.secrets.clone()
        };
        let channel = (self.inner.connect)(&ChannelConfig {
            kind: new.channel,
            api_base: api_base.clone(),
            secrets,
            ids: new.ids.clone(),
            deliveries: None,
        })?;
        let profile = channel.check().await?;

        let secret_ref = format!("{}-{}", new.channel.as_str(), uuid::Uuid::new_v4());
        if !new.is_demo {
            let (r, s) = (secret_ref.clone(), new.secrets.clone());
            tokio::task::spawn_blocking(move || secrets::store(&r, &s)).await??;
        }
        let row_ref = secret_ref.clone();
        let inserted = self
            .blocking(move |s| {
                s.insert_account(&NewAccountRow {
                    channel: new.channel,
                    name: &name,
                    api_base: api_base.as_deref(),
                    remote_id: &profile.remote_id,
                    display_name: &profile.display_name,
                    secret_ref: &row_ref,
                    is_demo: new.is_demo,
                    business_account_id: new.ids.business_account_id.as_deref(),
                    phone: profile.phone.as_deref(),
                    quality_rating: profile.quality_rating.as_deref(),
                })
            })
            .await;
        let account = match inserted {
            Ok(a) => a,
            Err(e) => {
                if !new.is_demo {
                    let _ = tokio::task::spawn_blocking(move || secrets::delete(&secret_ref)).await;
                }
                return Err(e);
            }
        };
        self.publish(CoreEvent::AccountsChanged);
        self.sync_started_for(account.clone());
        Ok(account)
    }

    /// Removes the account, its history and its keyring entry. If the keyring cannot be reached
    /// the account stays, so no secret is orphaned where the owner cannot see it.
    pub async fn remove_account(&self, id: AccountId) -> Result<()> {
        let account = self.blocking(move |s| s.account(id)).await?;
        self.sync_stopped_for(id).await;
        if !account.is_demo {
            let r = account.secret_ref.clone();
            tokio::task::spawn_blocking(move || secrets::delete(&r)).await??;
        }
        self.blocking(move |s| s.delete_account(id)).await?;
        self.publish(CoreEvent::AccountsChanged);
        Ok(())
    }

    /// Replaces an account's secrets (a revoked token, a new password). The new ones are checked
    /// first and must belong to the same account on the platform, so two histories never mix.
    /// Queued replies stay queued and go out with the new credentials.
    pub async fn reconnect(&self, id: AccountId, secrets: AccountSecrets) -> Result<Account> {
        let account = self.blocking(move |s| s.account(id)).await?;
        if account.is_demo {
            return Err(Error::InvalidInput(
                "The demo account has no credentials to change.".into(),
            ));
        }
        let channel = (self.inner.connect)(&ChannelConfig {
            kind: account.channel,
            api_base: account.api_base.clone(),
            secrets: secrets.clone(),
            ids: AccountIds {
                remote_id: account.remote_id.clone(),
                business_account_id: account.business_account_id.clone(),
            },
            deliveries: None,
        })?;
        let profile = channel.check().await?;
        let known = self.blocking(move |s| s.account_remote_id(id)).await?;
        if known.as_deref().is_some_and(|k| k != profile.remote_id) {
            return Err(Error::InvalidInput(format!(
                "These credentials belong to {}, not to {}. Paste the token of the same bot.",
                profile.display_name,
                account.display_name.as_deref().unwrap_or(&account.name)
            )));
        }
        let r = account.secret_ref.clone();
        tokio::task::spawn_blocking(move || secrets::store(&r, &secrets)).await??;
        self.sync_stopped_for(id).await;
        self.sync_started_for(account.clone());
        self.publish(CoreEvent::AccountsChanged);
        Ok(account)
    }

    /// Replaces one of an account's secrets (a new WhatsApp access token), keeping the others,
    /// with the same checks as [`Inbox::reconnect`].
    pub async fn replace_secret(
        &self,
        id: AccountId,
        name: &'static str,
        value: String,
    ) -> Result<Account> {
        if value.trim().is_empty() {
            return Err(Error::InvalidInput("Paste the new value first.".into()));
        }
        let account = self.blocking(move |s| s.account(id)).await?;
        let r = account.secret_ref.clone();
        let current = tokio::task::spawn_blocking(move || secrets::load(&r))
            .await?
            .unwrap_or_default();
        self.reconnect(id, current.with(name, value.trim())).await
    }

    /// Messenger: whether replies 24 hours to 7 days after the customer's last message use the
    /// HUMAN_AGENT tag (only with Meta's permission for it).
    pub async fn set_human_agent(&self, id: AccountId, on: bool) -> Result<()> {
        self.blocking(move |s| s.set_human_agent(id, on)).await?;
        self.publish(CoreEvent::AccountsChanged);
        Ok(())
    }

    /// Shows the customer the shop is typing, where the channel can (best effort: errors are
    /// only logged, typing must never get in the way).
    pub async fn typing(&self, conversation: ConversationId) -> Result<()> {
        let (account, remote) = self
            .blocking(move |s| {
                Ok((
                    s.conversation_account(conversation)?,
                    s.conversation_remote_id(conversation)?,
                ))
            })
            .await?;
        let account = self.blocking(move |s| s.account(account)).await?;
        if account.channel != ChannelKind::Messenger {
            return Ok(());
        }
        if let Err(e) = self.connect_account(&account).await?.typing(&remote).await {
            tracing::debug!(code = e.code(), "typing indicator not sent: {e}");
        }
        Ok(())
    }

    /// The webhook verify token the shop owner chose for an account: not a credential for any
    /// platform (it only lets Meta's subscription check pass), and they must paste it into the
    /// Meta dashboard, so the window shows it.
    pub async fn webhook_verify_token(&self, id: AccountId) -> Result<Option<String>> {
        let account = self.blocking(move |s| s.account(id)).await?;
        let r = account.secret_ref.clone();
        let stored = tokio::task::spawn_blocking(move || secrets::load(&r)).await??;
        Ok(stored.get("verify_token").map(|v| v.expose().clone()))
    }

    /// Makes this app the receiver of the account's messages (see [`Channel::take_over`]).
    pub async fn take_over(&self, id: AccountId) -> Result<()> {
        let account = self.blocking(move |s| s.account(id)).await?;
        self.connect_account(&account).await?.take_over().await?;
        self.wake(id);
        Ok(())
    }

    /// Points a demo account at this run's simulator.
    pub async fn set_api_base(&self, id: AccountId, api_base: String) -> Result<()> {
        self.blocking(move |s| s.set_api_base(id, &api_base)).await
    }

    pub(crate) async fn connect_account(&self, account: &Account) -> Result<Arc<dyn Channel>> {
        let secrets = if account.is_demo {
            demo_secrets()
        } else {
            let r = account.secret_ref.clone();
            tokio::task::spawn_blocking(move || secrets::load(&r)).await??
        };
        Ok((self.inner.connect)(&ChannelConfig {
            kind: account.channel,
            api_base: account.api_base.clone(),
            secrets,
            ids: AccountIds {
                remote_id: account.remote_id.clone(),
                business_account_id: account.business_account_id.clone(),
            },
            deliveries: Some(self.delivery_queue(account.id)),
        })?)
    }

    // ----- reading -----

    pub async fn conversations(&self, limit: u32) -> Result<Vec<ConversationSummary>> {
        self.blocking(move |s| s.conversations(limit)).await
    }

    pub async fn messages(
        &self,
        conversation: ConversationId,
        limit: u32,
        before: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages(conversation, limit, before))
            .await
    }

    pub async fn search(&self, query: String, limit: u32) -> Result<Vec<SearchHit>> {
        self.blocking(move |s| s.search(&query, limit)).await
    }

    pub async fn message(&self, id: MessageId) -> Result<MessageView> {
        self.blocking(move |s| s.message(id)).await
    }

    /// The shop opened the chat. On WhatsApp the customer also gets blue ticks, sent by the
    /// account's sync task (so it works offline too, later).
    pub async fn mark_read(&self, conversation: ConversationId) -> Result<()> {
        let account = self
            .blocking(move |s| {
                s.mark_read(conversation)?;
                s.conversation_account(conversation)
            })
            .await?;
        self.wake(account);
        Ok(())
    }

    /// Messages queued or in flight, for the "N messages waiting" banner.
    pub async fn outbox_len(&self) -> Result<i64> {
        self.blocking(|s| s.outbox_len()).await
    }

    // ----- writing -----

    /// Queues a reply on the conversation's own channel and shows it at once; the account's
    /// sync task sends it as soon as it can. A text too long for the channel becomes several
    /// messages, in order.
    pub async fn send_text(
        &self,
        conversation: ConversationId,
        text: String,
        reply_to: Option<MessageId>,
    ) -> Result<Vec<MessageView>> {
        let messages = self
            .blocking(move |s| s.enqueue(conversation, &text, reply_to))
            .await?;
        for message in &messages {
            self.publish(CoreEvent::MessageChanged {
                message: message.clone(),
            });
        }
        if let Some(first) = messages.first() {
            self.wake(first.account_id);
        }
        Ok(messages)
    }

    /// Sends a failed or unknown message again, because the shop owner asked.
    pub async fn retry(&self, message: MessageId) -> Result<MessageView> {
        let view = self.blocking(move |s| s.retry(message)).await?;
        self.publish(CoreEvent::MessageChanged {
            message: view.clone(),
        });
        self.wake(view.account_id);
        Ok(view)
    }

    /// Drops a failed or unknown message from the chat.
    pub async fn discard(&self, message: MessageId) -> Result<()> {
        let conversation_id = self.blocking(move |s| s.discard(message)).await?;
        self.publish(CoreEvent::MessageRemoved {
            conversation_id,
            message_id: message,
        });
        Ok(())
    }

    pub async fn mark_unread(&self, conversation: ConversationId) -> Result<()> {
        self.blocking(move |s| s.mark_unread(conversation)).await
    }

    pub async fn set_pinned(&self, conversation: ConversationId, pinned: bool) -> Result<()> {
        self.blocking(move |s| s.set_pinned(conversation, pinned))
            .await
    }

    pub async fn set_archived(&self, conversation: ConversationId, archived: bool) -> Result<()> {
        self.blocking(move |s| s.set_archived(conversation, archived))
            .await
    }

    pub async fn set_draft(&self, conversation: ConversationId, text: String) -> Result<()> {
        self.blocking(move |s| s.set_draft(conversation, &text))
            .await
    }

    pub async fn messages_around(
        &self,
        anchor: MessageId,
        each_side: u32,
    ) -> Result<Vec<MessageView>> {
        self.blocking(move |s| s.messages_around(anchor, each_side))
            .await
    }

    pub(crate) async fn ingest(&self, account: AccountId, batch: InboundBatch) -> Result<Ingested> {
        let ingested = self
            .blocking(move |s| s.ingest(account, STREAM, &batch))
            .await?;
        for id in &ingested.changed {
            let id = *id;
            if let Ok(message) = self.blocking(move |s| s.message(id)).await {
                self.publish(CoreEvent::MessageChanged { message });
            }
        }
        if ingested.connections_changed {
            self.publish(CoreEvent::AccountsChanged);
        }
        if !ingested.backfilled.is_empty() || ingested.names_changed {
            self.publish(CoreEvent::ConversationsChanged {
                account_id: account,
            });
        }
        if !ingested.messages.is_empty() {
            let mut conversations: Vec<_> = ingested.messages.iter().map(|(c, _)| *c).collect();
            conversations.sort_unstable();
            conversations.dedup();
            self.publish(CoreEvent::MessagesAdded {
                account_id: account,
                conversations,
                messages: ingested.messages.iter().map(|(_, m)| *m).collect(),
            });
        }
        Ok(ingested)
    }
}
