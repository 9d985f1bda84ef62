//! The real window, driven through tauri-driver and WebKitWebDriver under the headless session
//! (scripts/headless-session.sh), one binary: each module is one part of the window a shop
//! owner uses, against the simulator in its own process and the session's real keyring.
//! `record_screens` is ignored unless `make record-screens` asks for it.

mod channels;
mod counter;
mod damaged_store;
mod hours;
mod inbox;
mod keyring_screen;
mod long_histories;
mod messenger;
mod notifications;
mod reach;
mod record_screens;
mod telegram;
mod whatsapp;
mod window;
