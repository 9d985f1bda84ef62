//! What the CLI's tests share: running `sportello-cli` on a data folder (checking that it
//! never panics and never prints the token), and reading what it printed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use sportello_sim::testkit::workspace_bin;

pub const TOKEN: &str = "5550001:cli-integration-secret";

pub fn cli(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(workspace_bin("sportello-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sportello-cli");
    let mut pipe = child.stdin.take().unwrap();
    if let Some(input) = stdin {
        pipe.write_all(input.as_bytes()).unwrap();
    }
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains("panicked"),
        "sportello-cli {args:?} panicked:\n{all}"
    );
    assert!(
        !all.contains("cli-integration-secret"),
        "the token leaked into output of {args:?}:\n{all}"
    );
    out
}

pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(out: Output) -> Value {
    serde_json::from_str(&ok(out)).expect("--json prints JSON")
}

pub fn fails(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "should have failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    assert_eq!(err.lines().count(), 1, "errors are one line: {err}");
    err
}

/// Adds a Telegram account named `name` on the simulator at `api_base` (its token on stdin).
pub fn add_telegram(data: &Path, name: &str, api_base: &str) {
    ok(cli(
        data,
        &[
            "accounts",
            "add",
            "telegram",
            "--name",
            name,
            "--api-base",
            api_base,
        ],
        Some(TOKEN),
    ));
}
