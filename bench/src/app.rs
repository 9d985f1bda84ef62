//! Whole-app figures on the real window under the session's display: cold start (launch until
//! the window reports its first paint of the inbox) and memory (PSS of the whole process tree,
//! WebKit's processes included, after idling), each against a blank Tauri 2 window built in
//! the same workspace and profile, launched the same way, interleaved run by run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::stats::Spread;

/// One launched window, killed with its process tree when dropped.
pub struct Window {
    child: Child,
    pub painted_after: Duration,
}

impl Window {
    /// Launches `binary` on `data_dir` and waits for its "first paint" line.
    pub fn launch(binary: &Path, data_dir: &Path) -> Result<Window> {
        let started = Instant::now();
        let mut child = Command::new(binary)
            .env("SPORTELLO_DATA_DIR", data_dir)
            .env("SPORTELLO_WEBHOOK_LISTEN", "127.0.0.1:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("launch {}", binary.display()))?;
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("first paint after") {
                    let _ = tx.send(Instant::now());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(at) => Ok(Window {
                child,
                painted_after: at - started,
            }),
            Err(_) => {
                let _ = child.kill();
                bail!("{} did not paint within 60 s", binary.display())
            }
        }
    }

    /// Proportional set size of the process and all its descendants, in MB.
    pub fn pss_mb(&self) -> f64 {
        pss_of_tree_mb(self.child.id())
    }

    /// The same, per process (by its command name), to see where memory goes.
    pub fn pss_by_process(&self) -> Vec<(String, f64)> {
        pss_by_process(self.child.id())
    }
}

/// Proportional set size of `root` and all its descendants, in MB.
pub fn pss_of_tree_mb(root: u32) -> f64 {
    pss_by_process(root).iter().map(|(_, mb)| mb).sum()
}

/// PSS of `root` and its descendants, per process (by command name), in MB.
pub fn pss_by_process(root: u32) -> Vec<(String, f64)> {
    tree(root)
        .into_iter()
        .filter_map(|pid| {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            let kb: f64 = rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
            Some((name.trim().to_owned(), kb / 1024.0))
        })
        .collect()
}

impl Drop for Window {
    fn drop(&mut self) {
        let pids = tree(self.child.id());
        for pid in pids.iter().rev() {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
        let _ = self.child.wait();
        // WebKit's helpers leave with their parent; give them a moment so runs do not overlap.
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// `root` and every process descending from it.
fn tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // The command name is in brackets and may contain spaces: the ppid follows ") S ".
            let after = &stat[stat.rfind(')')? + 2..];
            let ppid = after.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    out
}

pub struct ColdStart {
    pub blank_ms: Spread,
    pub small_ms: Spread,
    pub large_ms: Spread,
}

/// Launch times, `runs` rounds of blank, app on the small history, app on the large one, after
/// one unmeasured round that warms the disk cache and WebKit's caches.
pub fn cold_start(
    app: &Path,
    blank: &Path,
    small: &Path,
    large: &Path,
    runs: usize,
) -> Result<ColdStart> {
    let blank_dir = tempfile::tempdir()?;
    let (mut b, mut s, mut l) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=runs {
        let times = [
            Window::launch(blank, blank_dir.path())?.painted_after,
            Window::launch(app, small)?.painted_after,
            Window::launch(app, large)?.painted_after,
        ];
        eprintln!(
            "  cold start round {round}: blank {} ms, 1,000 messages {} ms, large {} ms",
            times[0].as_millis(),
            times[1].as_millis(),
            times[2].as_millis()
        );
        if round > 0 {
            b.push(times[0].as_secs_f64() * 1e3);
            s.push(times[1].as_secs_f64() * 1e3);
            l.push(times[2].as_secs_f64() * 1e3);
        }
    }
    Ok(ColdStart {
        blank_ms: Spread::of(b),
        small_ms: Spread::of(s),
        large_ms: Spread::of(l),
    })
}

pub struct Memory {
    pub idle_seconds: u64,
    pub blank_mb: f64,
    pub app_mb: f64,
    pub blank_processes: Vec<(String, f64)>,
    pub app_processes: Vec<(String, f64)>,
}

/// PSS of the blank window and of the app on the large history, both idling side by side.
pub fn idle_memory(app: &Path, blank: &Path, large: &Path, idle: Duration) -> Result<Memory> {
    let blank_dir = tempfile::tempdir()?;
    let blank_window = Window::launch(blank, blank_dir.path())?;
    let app_window = Window::launch(app, large)?;
    std::thread::sleep(idle);
    Ok(Memory {
        idle_seconds: idle.as_secs(),
        blank_mb: blank_window.pss_mb(),
        app_mb: app_window.pss_mb(),
        blank_processes: blank_window.pss_by_process(),
        app_processes: app_window.pss_by_process(),
    })
}

/// The first file in `dir` whose name starts with `prefix` and ends with `.deb`.
pub fn deb_in(dir: &Path, prefix: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".deb"))
        })
}
