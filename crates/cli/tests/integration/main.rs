//! sportello-cli's integration tests, one binary: the real `sportello-cli` process against the
//! simulator, including kills in the middle of syncing and sending.

mod cli;
mod counter;
mod hostile;
mod hours;
mod loss;
mod reach;
mod receiver_attack;
mod support;
mod whatsapp_loss;
