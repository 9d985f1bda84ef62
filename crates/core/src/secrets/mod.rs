//! The accounts' secrets (tokens, app secrets): their names, the [`Sensitive`] wrapper that
//! keeps them out of logs and answers, and the OS keyring that alone holds them.

mod account_secrets;
mod keyring;
mod sensitive;

pub use account_secrets::{AccountSecrets, SecretName};
pub use keyring::{delete, health, load, store, KeyringHealth};
pub use sensitive::Sensitive;
