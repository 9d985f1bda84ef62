//! Reaching customers lawfully, the rules without the storage: the opt-out words (stop.rs),
//! the line every broadcast ends with (opt_out.rs), the platforms' pacing (pacing.rs), poster
//! codes and their links (poster.rs), and the QR codes and printable poster (qr.rs, print.rs).
//! The consent ledger, merges and broadcasts are stored by store/{customers,consents,
//! broadcasts,posters}.rs, each change through the log of shop changes.

pub mod language;
pub mod opt_out;
pub mod pacing;
pub mod poster;
pub mod print;
pub mod qr;
pub mod stop;
