//! Without a Secret Service the shop owner gets an error that says what to install; nothing
//! falls back to a file. Its own test binary: it points this process at a bus that is not there.

use sportello_core::secrets::SecretName;
use sportello_core::{secrets, AccountSecrets};

#[test]
fn no_keyring_service_is_a_clear_error() {
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/sportello-test-bus",
    );
    let err = secrets::store(
        "nowhere",
        &AccountSecrets::default().with(SecretName::BotToken, "1:x"),
    )
    .expect_err("there is no keyring to store in");
    assert_eq!(err.code(), "KeyringUnavailable", "{err}");
    let message = err.to_string();
    assert!(
        message.contains("gnome-keyring"),
        "says what to install: {message}"
    );
    assert!(
        !message.contains("1:x"),
        "never echoes the secret: {message}"
    );

    // The check behind the window's keyring screen says the same, for a shop with no account
    // yet and for one with an account.
    for existing in [None, Some("nowhere")] {
        match secrets::health(existing) {
            secrets::KeyringHealth::Missing { detail } => assert!(!detail.is_empty()),
            other => panic!("expected a missing keyring, got {other:?}"),
        }
    }
}
