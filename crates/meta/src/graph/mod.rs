//! The Graph API, which WhatsApp Cloud and Messenger share: calls with the account's token
//! (`api.rs`) and Meta's errors sorted by what to do about them (`errors.rs`).

mod api;
mod errors;

pub use api::{file_part, GraphApi, GRAPH_BASE, GRAPH_VERSION};
pub use errors::CallKind;
