//! What can go wrong, from the platforms to the disk, and how it is told: one [`ErrorCode`]
//! per thing the shop owner does something different about, core's [`Error`], the channels'
//! [`ChannelError`], and the [`ErrorPayload`] the window and the CLI receive.

mod channel;
pub mod code;
mod core_error;
mod payload;

pub use channel::ChannelError;
pub use code::ErrorCode;
pub use core_error::{is_damage, Error, Result};
pub use payload::ErrorPayload;
