//! The account secrets (tokens, app secrets) and the OS keyring that alone holds them.
//! One keyring entry per account, a JSON object inside. There is deliberately no fallback to a
//! file: without a keyring the shop owner gets an error that says how to get one.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::Error;

const KEYRING_SERVICE: &str = "Sportello";

/// A value that must not leak: Debug prints `<redacted>` and it cannot be serialized, so it
/// cannot end up in a log line, an error message or an answer to the UI by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The raw value, for the one place that must send it to the platform.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// All secrets of one account, by name ("bot_token", "access_token", "app_secret", …).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AccountSecrets(BTreeMap<String, Sensitive<String>>);

impl fmt::Debug for AccountSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl AccountSecrets {
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.insert(name.to_owned(), Sensitive::new(value.into()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&Sensitive<String>> {
        self.0.get(name)
    }

    fn to_json(&self) -> String {
        let plain: BTreeMap<&str, &str> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.expose().as_str()))
            .collect();
        serde_json::to_string(&plain).expect("a map of strings always serializes")
    }

    fn from_json(json: &str) -> Result<Self, Error> {
        let plain: BTreeMap<String, String> = serde_json::from_str(json).map_err(|_| {
            Error::SecretUnreadable("the keyring entry is not in Sportello's format".into())
        })?;
        Ok(AccountSecrets(
            plain
                .into_iter()
                .map(|(k, v)| (k, Sensitive::new(v)))
                .collect(),
        ))
    }
}

fn entry(secret_ref: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(KEYRING_SERVICE, secret_ref).map_err(keyring_error)
}

/// Saves (or replaces) the secrets of one account. Blocking: call off the async runtime.
pub fn store(secret_ref: &str, secrets: &AccountSecrets) -> Result<(), Error> {
    entry(secret_ref)?
        .set_password(&secrets.to_json())
        .map_err(keyring_error)
}

/// Loads the secrets of one account. Blocking: call off the async runtime.
pub fn load(secret_ref: &str) -> Result<AccountSecrets, Error> {
    let json = entry(secret_ref)?.get_password().map_err(keyring_error)?;
    AccountSecrets::from_json(&json)
}

/// Removes the secrets of one account; an entry that is already gone is not an error.
pub fn delete(secret_ref: &str) -> Result<(), Error> {
    match entry(secret_ref)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Whether the system keyring can be used, for the screen that explains how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeyringHealth {
    Ok,
    /// There, but locked: unlocking it (logging in again) fixes it.
    Locked,
    /// No Secret Service / Keychain / Credential Manager answers; `detail` is the platform's
    /// own words (D-Bus or OS details, never a password).
    Missing {
        detail: String,
    },
}

/// Asks the keyring for an account's entry (`existing`), or for an entry that does not exist
/// when there is no account yet: reading is the only check every platform answers without
/// side effects, and reading a real entry is what tells a locked keyring. Blocking.
pub fn health(existing: Option<&str>) -> KeyringHealth {
    let probed =
        entry(existing.unwrap_or("sportello-keyring-check")).and_then(|e| match e.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        });
    match probed {
        Ok(()) => KeyringHealth::Ok,
        Err(Error::KeyringLocked) => KeyringHealth::Locked,
        Err(e) => KeyringHealth::Missing {
            detail: match e {
                Error::KeyringUnavailable(detail) => detail,
                other => other.to_string(),
            },
        },
    }
}

/// Turns the keyring's platform errors into ones a shop owner can act on. The keyring's own
/// error text never contains the password, only D-Bus or OS details.
fn keyring_error(e: keyring::Error) -> Error {
    let detail = format!("{e:?}");
    match e {
        keyring::Error::NoEntry => Error::SecretMissing,
        _ if detail.contains("IsLocked") || detail.contains("Locked") => Error::KeyringLocked,
        keyring::Error::NoStorageAccess(_) => Error::KeyringLocked,
        keyring::Error::PlatformFailure(_) => Error::KeyringUnavailable(detail),
        _ => Error::KeyringUnavailable(detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_values() {
        let s = AccountSecrets::default().with("bot_token", "123:very-secret");
        let shown = format!("{s:?} {:?}", s.get("bot_token"));
        assert!(!shown.contains("very-secret"), "leaked: {shown}");
        assert!(shown.contains("bot_token"));
    }

    #[test]
    fn json_round_trip() {
        let s = AccountSecrets::default()
            .with("a", "1")
            .with("b", "two \"quoted\"");
        assert_eq!(AccountSecrets::from_json(&s.to_json()).unwrap(), s);
    }
}
