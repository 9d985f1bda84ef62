//! Messages Sportello sends on its own: the one legality check they all pass (legal.rs) and
//! which FAQ card a message asks (faq.rs). Deciding and queueing them happens in the store,
//! in the transaction that stores the customer's message (store/auto_replies.rs).

pub mod faq;
pub mod legal;
