//! The OS keyring, which alone holds the accounts' secrets: one entry per account, a JSON
//! object inside. There is deliberately no fallback to a file: without a keyring the shop
//! owner gets an error that says how to get one.

use super::account_secrets::AccountSecrets;
use crate::error::Error;

const KEYRING_SERVICE: &str = "Sportello";

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
