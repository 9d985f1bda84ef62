//! The shop's channel accounts through the [`Inbox`]: adding one (checked with the platform
//! first, secrets to the keyring), removing, reconnecting with new credentials, per-account
//! settings, and building an account's channel client.

use std::sync::Arc;

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::channel::{AccountIds, Channel, ChannelConfig};
use crate::error::{Error, Result};
use crate::model::{Account, AccountId, ChannelKind};
use crate::secrets::{self, AccountSecrets, SecretName};
use crate::store::NewAccountRow;

/// The demo account talks to the in-process simulator with this well-known, non-secret token,
/// so the demo works even on a machine without a keyring.
pub const DEMO_BOT_TOKEN: &str = "1000000:sportello-demo";

pub(crate) fn demo_secrets() -> AccountSecrets {
    AccountSecrets::telegram(DEMO_BOT_TOKEN)
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

impl NewAccount {
    /// A Telegram bot, by the token BotFather gave.
    pub fn telegram(name: &str, bot_token: &str) -> Self {
        NewAccount::with_secrets(
            ChannelKind::Telegram,
            name,
            AccountSecrets::telegram(bot_token),
        )
    }

    /// A WhatsApp Business number: its secrets, its phone number id and its WhatsApp Business
    /// Account id (both from Meta's dashboard).
    pub fn whatsapp(
        name: &str,
        secrets: AccountSecrets,
        phone_number_id: &str,
        business_account_id: Option<&str>,
    ) -> Self {
        NewAccount {
            ids: AccountIds {
                remote_id: Some(phone_number_id.trim().to_owned()),
                business_account_id: business_account_id
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            },
            ..NewAccount::with_secrets(ChannelKind::Whatsapp, name, secrets)
        }
    }

    /// A Facebook Page's Messenger inbox.
    pub fn messenger(name: &str, secrets: AccountSecrets, page_id: &str) -> Self {
        NewAccount {
            ids: AccountIds {
                remote_id: Some(page_id.trim().to_owned()),
                business_account_id: None,
            },
            ..NewAccount::with_secrets(ChannelKind::Messenger, name, secrets)
        }
    }

    /// The demo's Telegram bot, served by the simulator at `api_base`.
    pub fn demo(name: &str, api_base: String) -> Self {
        NewAccount {
            api_base: Some(api_base),
            is_demo: true,
            ..NewAccount::with_secrets(ChannelKind::Telegram, name, AccountSecrets::default())
        }
    }

    /// Talks to another server than the platform's own (a self-hosted Bot API, the simulator).
    pub fn at(mut self, api_base: Option<String>) -> Self {
        self.api_base = api_base;
        self
    }

    fn with_secrets(channel: ChannelKind, name: &str, secrets: AccountSecrets) -> Self {
        NewAccount {
            channel,
            name: name.to_owned(),
            api_base: None,
            secrets,
            is_demo: false,
            ids: AccountIds::default(),
        }
    }
}

impl Inbox {
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        self.blocking(|s| s.accounts()).await
    }

    /// Checks the credentials with the platform, stores the secrets in the keyring and the
    /// account in the cache. Nothing is kept if any step fails.
    pub async fn add_account(&self, new: NewAccount) -> Result<Account> {
        let name = account_name(&new.name)?;
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
        let mut new = new;
        if matches!(new.channel, ChannelKind::Whatsapp | ChannelKind::Messenger)
            && new
                .secrets
                .get(SecretName::VerifyToken)
                .is_none_or(|v| v.expose().trim().is_empty())
        {
            // The verify token only has to match what the owner pastes into Meta's dashboard:
            // one is made up when none was chosen.
            new.secrets = new.secrets.with(
                SecretName::VerifyToken,
                format!("sportello-{}", uuid::Uuid::new_v4().simple()),
            );
        }
        let secrets = if new.is_demo {
            demo_secrets()
        } else {
            new.secrets.clone()
        };
        let channel = (self.connector())(&ChannelConfig {
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
        let channel = (self.connector())(&config_of(&account, secrets.clone(), None))?;
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
        name: SecretName,
        value: String,
    ) -> Result<Account> {
        if value.trim().is_empty() {
            return Err(Error::InvalidInput("Paste the new value first.".into()));
        }
        let account = self.blocking(move |s| s.account(id)).await?;
        let r = account.secret_ref.clone();
        // The other secrets must be read, not assumed empty: a locked keyring must not turn a
        // token renewal into losing the app secret.
        let current = tokio::task::spawn_blocking(move || secrets::load(&r)).await??;
        self.reconnect(id, current.with(name, value.trim())).await
    }

    /// A new access token (bot token, WhatsApp or Page token) for an account whose token expired
    /// or was revoked; its other secrets stay.
    pub async fn replace_access_token(&self, id: AccountId, token: String) -> Result<Account> {
        let channel = self.blocking(move |s| s.account(id)).await?.channel;
        self.replace_secret(id, SecretName::access_token_of(channel), token)
            .await
    }

    /// The name the shop gives an account (shown on its chats and in Settings → Channels).
    pub async fn rename_account(&self, id: AccountId, name: String) -> Result<Account> {
        let name = account_name(&name)?;
        self.blocking(move |s| {
            s.rename_account(id, &name)?;
            s.account(id)
        })
        .await
        .inspect(|_| self.publish(CoreEvent::AccountsChanged))
    }

    /// Messenger: whether replies 24 hours to 7 days after the customer's last message use the
    /// HUMAN_AGENT tag (only with Meta's permission for it).
    pub async fn set_human_agent(&self, id: AccountId, on: bool) -> Result<()> {
        self.blocking(move |s| s.set_human_agent(id, on)).await?;
        self.publish(CoreEvent::AccountsChanged);
        Ok(())
    }

    /// The webhook verify token the shop owner chose for an account: not a credential for any
    /// platform (it only lets Meta's subscription check pass), and they must paste it into the
    /// Meta dashboard, so the window shows it.
    pub async fn webhook_verify_token(&self, id: AccountId) -> Result<Option<String>> {
        let account = self.blocking(move |s| s.account(id)).await?;
        let r = account.secret_ref.clone();
        let stored = tokio::task::spawn_blocking(move || secrets::load(&r)).await??;
        Ok(stored
            .get(SecretName::VerifyToken)
            .map(|v| v.expose().clone()))
    }

    /// Makes this app the receiver of the account's messages (see [`Channel::take_over`]).
    pub async fn take_over(&self, id: AccountId) -> Result<()> {
        let account = self.blocking(move |s| s.account(id)).await?;
        self.connect_account(&account).await?.take_over().await?;
        self.wake(id);
        Ok(())
    }

    /// Whether the keyring that holds the accounts' secrets can be used now. Reads the first
    /// real account's entry, so a locked keyring is told apart (and the desktop may ask to
    /// unlock it, which is the fix). When it can, accounts waiting on it try again at once.
    pub async fn keyring_health(&self) -> Result<secrets::KeyringHealth> {
        let accounts = self.accounts().await?;
        let existing = accounts
            .iter()
            .find(|a| !a.is_demo)
            .map(|a| a.secret_ref.clone());
        let health =
            tokio::task::spawn_blocking(move || secrets::health(existing.as_deref())).await?;
        if health == secrets::KeyringHealth::Ok {
            // Accounts that stopped on the keyring retry now rather than at their next retry.
            for account in &accounts {
                self.retry_credentials(account.id);
            }
        }
        Ok(health)
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
        let deliveries = Some(self.delivery_queue(account.id));
        Ok((self.connector())(&config_of(
            account, secrets, deliveries,
        ))?)
    }
}

fn account_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput(
            "Give the account a name, e.g. \"Shop bot\".".into(),
        ));
    }
    Ok(name.chars().take(100).collect())
}

/// What a channel client of a stored account is built from.
fn config_of(
    account: &Account,
    secrets: AccountSecrets,
    deliveries: Option<crate::deliveries::DeliveryQueue>,
) -> ChannelConfig {
    ChannelConfig {
        kind: account.channel,
        api_base: account.api_base.clone(),
        secrets,
        ids: AccountIds {
            remote_id: account.remote_id.clone(),
            business_account_id: account.business_account_id.clone(),
        },
        deliveries,
    }
}
