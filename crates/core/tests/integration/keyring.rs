//! The keyring wrapper against the real Secret Service of the test session (gnome-keyring,
//! started by scripts/headless-session.sh). No mock: this is the keyring shops will use.

use sportello_core::secrets::SecretName;
use sportello_core::{secrets, AccountSecrets};

#[test]
fn store_load_delete_round_trip() {
    let name = format!("test-{}", std::process::id());
    let s = AccountSecrets::default()
        .with(SecretName::BotToken, "123:round-trip")
        .with(SecretName::AppSecret, "ünïcödé \"quoted\"");
    assert_eq!(
        secrets::health(Some(&name)),
        secrets::KeyringHealth::Ok,
        "an unlocked keyring without this entry yet is usable"
    );
    secrets::store(&name, &s).expect("store in the session keyring");
    assert_eq!(secrets::health(Some(&name)), secrets::KeyringHealth::Ok);
    assert_eq!(secrets::load(&name).unwrap(), s);

    let replaced = AccountSecrets::default().with(SecretName::BotToken, "456:new");
    secrets::store(&name, &replaced).unwrap();
    assert_eq!(
        secrets::load(&name).unwrap(),
        replaced,
        "one entry per account, replaced in place"
    );

    secrets::delete(&name).unwrap();
    assert_eq!(secrets::load(&name).unwrap_err().code(), "SecretMissing");
    secrets::delete(&name).expect("deleting twice is fine");
}
