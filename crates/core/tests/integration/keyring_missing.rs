//! Without a Secret Service the shop owner gets an error that says what to install; nothing
//! falls back to a file. It points its own process at a bus that is not there, so the test runs
//! itself again as a child process with that environment, leaving the other tests of this
//! binary their keyring.

use sportello_core::{secrets, AccountSecrets};

/// Set in the child: this process has no keyring.
const CHILD: &str = "SPORTELLO_TEST_WITHOUT_KEYRING";

#[test]
fn no_keyring_service_is_a_clear_error() {
    if std::env::var_os(CHILD).is_none() {
        let ran = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "keyring_missing::no_keyring_service_is_a_clear_error",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/sportello-test-bus",
            )
            .output()
            .expect("the test binary runs again");
        let out = String::from_utf8_lossy(&ran.stdout);
        assert!(
            ran.status.success() && out.contains("1 passed"),
            "without a keyring: {out}{}",
            String::from_utf8_lossy(&ran.stderr)
        );
        return;
    }
    let err = secrets::store("nowhere", &AccountSecrets::telegram("1:x"))
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
