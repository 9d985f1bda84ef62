//! The simulated Facebook Messenger: a Page's inbox on the Graph API (the Page, its
//! conversations with paging, their messages, customers' profiles, the Send API with
//! RESPONSE and HUMAN_AGENT rules and sender actions), with Meta's error shapes, and signed
//! webhook deliveries of what happens (messages, echoes, delivery and read watermarks).

mod control;
mod http;
mod page;

pub use control::routes as control_routes;
pub use http::routes;
pub use page::{now_ms, Faults, FbCustomer, MessengerOptions, MessengerSim, SentMessenger};
