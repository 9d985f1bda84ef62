//! [`Sensitive`]: a value that must never reach a log, an error or the window.

use std::fmt;

/// A value that must not leak: Debug prints `<redacted>` and it cannot be serialized, so it
/// cannot end up in a log line, an error message or an answer to the UI by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The raw value, for the one place that must send it to the platform.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
