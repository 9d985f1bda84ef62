//! The simulated WhatsApp Cloud API: the Graph API endpoints Sportello calls (phone number,
//! messages, media upload and download, message templates) with Meta's error shapes, and the
//! other half Meta plays: signed webhook deliveries to the app, retried until answered 200,
//! with duplicates, out-of-order statuses and batching on request.

mod control;
mod http;
mod model;
mod number;

pub use crate::meta_webhooks::sign;
pub use control::routes as control_routes;
pub use http::routes;
pub use model::{Faults, SentWhatsApp, WaCustomer, WhatsAppOptions};
pub use number::WhatsAppSim;
