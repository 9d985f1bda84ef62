//! core's integration tests, one binary: the keyring wrapper against the session's real Secret
//! Service, and the clear error when there is none.

mod keyring;
mod keyring_missing;
