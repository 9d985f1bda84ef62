//! Sportello's benchmark suite (`make bench`): every figure is measured against a baseline in
//! the same run on the same machine, and reported as a ratio with its absolute value.

pub mod app;
pub mod budget;
pub mod ingest;
pub mod live;
pub mod machine;
pub mod phases;
pub mod reads;
pub mod report;
pub mod rows;
pub mod stats;
pub mod window;
