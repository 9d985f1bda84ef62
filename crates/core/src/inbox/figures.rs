//! How fast the shop replies, through the [`Inbox`] (store/figures.rs computes it).

use super::handle::Inbox;
use crate::error::Result;
use crate::model::Figures;
use crate::time_fmt::now_ms;

impl Inbox {
    /// The figures over the last `days` days.
    pub async fn figures(&self, days: u32) -> Result<Figures> {
        self.figures_at(days, now_ms()).await
    }

    /// The figures as they stood at `now_ms` (a benchmark's history ends in the past).
    pub async fn figures_at(&self, days: u32, now_ms: i64) -> Result<Figures> {
        self.blocking(move |s| s.figures(days, now_ms)).await
    }
}
