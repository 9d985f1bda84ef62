//! The channel conformance suite: the same scenarios (receive, dedupe, statuses only move
//! forward, send, 429 with a wait, revoked credentials) against every channel, each through
//! its simulated platform over real HTTP on 127.0.0.1, core's real store and sync, and the
//! session's real keyring. A new channel implements [`platform::Platform`] and adds one line:
//! `conformance_tests!(ItsShop)`. Model: matrix-sdk's `statestore_integration_tests!`.

#[macro_use]
mod suite;
mod away;
mod messenger;
mod meta;
mod platform;
mod telegram;
mod whatsapp;
