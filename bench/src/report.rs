//! The table `make bench` prints and writes to bench/results.md, with the raw numbers beside
//! it in bench/results.json.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::machine::Machine;
use crate::stats::Spread;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub what: String,
    pub app: String,
    pub baseline: String,
    pub ratio: String,
    pub target: String,
    /// None: not measured in this run (the reason is in `app`).
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub command: String,
    pub rows: Vec<Row>,
    pub raw: serde_json::Value,
}

/// "0.21 (0.20–0.23)": the median of the runs and their range.
pub fn spread(s: &Spread, digits: usize) -> String {
    if s.runs.len() <= 1 {
        return format!("{:.digits$}", s.median);
    }
    format!(
        "{:.digits$} ({:.digits$}–{:.digits$})",
        s.median, s.min, s.max
    )
}

/// Thousands with commas, for rates and counts.
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Report {
    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut out = format!(
            "# Sportello benchmarks\n\n\
             Measured {} on {} ({} cores, {} GiB), {}, Linux {}, {} build.  \n\
             Made by `{}`. Every figure is the median of several runs with their range in \
             brackets; each baseline ran in the same run, interleaved with the app. \
             Ratio = app ÷ baseline (for latencies, of the p50s). Raw numbers: `results.json`.\n\n\
             | what | app | baseline (same run) | ratio | target | met |\n\
             |---|---|---|---|---|---|\n",
            m.date, m.cpu, m.cores, m.memory_gib, m.os, m.kernel, m.profile, self.command
        );
        for r in &self.rows {
            let met = match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "not measured",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.what, r.app, r.baseline, r.ratio, r.target, met
            ));
        }
        out
    }

    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("results.md"), self.markdown())?;
        std::fs::write(
            dir.join("results.json"),
            serde_json::to_string_pretty(self)? + "\n",
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(spread(&Spread::of(vec![1.0, 2.0, 3.0]), 1), "2.0 (1.0–3.0)");
    }
}
