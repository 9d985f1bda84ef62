//! The one error the UI sees: `{code, message}`, with core's stable codes.

use serde::Serialize;
use sportello_core::{Error, ErrorPayload};

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CommandError(ErrorPayload);

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        CommandError(ErrorPayload::from(&e))
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
