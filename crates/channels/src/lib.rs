//! sportello-channels: picks the channel crate for an account. Core cannot depend on the
//! protocol crates (they depend on it), and both fronts (app, CLI) need the same choice, so
//! it lives here once.

use std::sync::Arc;

use sportello_core::model::ChannelKind;
use sportello_core::{Channel, ChannelConfig, ChannelError};

/// The [`sportello_core::Connect`] both fronts hand to [`sportello_core::Inbox::open`].
pub fn connect(config: &ChannelConfig) -> Result<Arc<dyn Channel>, ChannelError> {
    match config.kind {
        ChannelKind::Telegram => sportello_telegram::TelegramChannel::connect(config),
        ChannelKind::Whatsapp => Ok(Arc::new(sportello_meta::WhatsAppChannel::new(config)?)),
        ChannelKind::Messenger => Ok(Arc::new(sportello_meta::MessengerChannel::new(config)?)),
    }
}
