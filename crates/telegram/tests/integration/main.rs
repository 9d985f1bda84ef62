//! The Telegram channel's integration tests, one binary: the Bot API client and core's sync
//! engine against the simulator over real HTTP on 127.0.0.1, with a real cache file (and the
//! session's real keyring where a test says so).

mod bot_api;
mod common;
mod fixtures_ingest;
mod keyring_attention;
mod media;
mod outbox;
mod sync_engine;
