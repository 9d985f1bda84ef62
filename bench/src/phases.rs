//! How long each part of `make bench` took: printed as it goes and kept in results.json, so
//! the suite's own length (it must fit in half an hour) is measured like everything else.

use std::time::Instant;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub name: String,
    pub seconds: f64,
}

pub struct Phases {
    began: Instant,
    current: Option<(String, Instant)>,
    done: Vec<Phase>,
}

impl Default for Phases {
    fn default() -> Self {
        Self {
            began: Instant::now(),
            current: None,
            done: Vec::new(),
        }
    }
}

impl Phases {
    /// Ends the phase under way, if any, and starts the next one.
    pub fn start(&mut self, name: impl Into<String>) {
        self.end_current();
        let name = name.into();
        eprintln!("[{:>5.0} s] {name}", self.began.elapsed().as_secs_f64());
        self.current = Some((name, Instant::now()));
    }

    pub fn finish(mut self) -> Vec<Phase> {
        self.end_current();
        self.done.push(Phase {
            name: "total".into(),
            seconds: self.began.elapsed().as_secs_f64(),
        });
        self.done
    }

    fn end_current(&mut self) {
        if let Some((name, since)) = self.current.take() {
            self.done.push(Phase {
                name,
                seconds: since.elapsed().as_secs_f64(),
            });
        }
    }
}
