//! Instructions per event of every benchmark contender, counted by
//! `valgrind --tool=callgrind` on `examples/contender.rs`: the count of a
//! run of 2N events minus that of N events, divided by N, so that set-up and
//! exit cancel. Counts do not move with the machine's load, unlike times.
//!
//! Writes `target/safe-log-bench/instructions.json`; run by
//! `bench/report.sh` (which installs valgrind if it is missing) after
//! `cargo build --release -p safe-log-bench --example contender`.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

/// Events per short run; the long run has twice as many.
const N: u64 = 5_000;

fn main() {
    let target = safe_log_bench::target_dir();
    let contender = target.join("release/examples/contender");
    let listed = Command::new(&contender)
        .arg("--list")
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", contender.display()));
    let list = String::from_utf8_lossy(&listed.stdout).into_owned();
    let mut rows = Vec::new();
    for line in list.lines() {
        let Some((group, name)) = line.split_once('\t') else {
            continue;
        };
        let short = collected(&contender, group, name, N);
        let long = collected(&contender, group, name, 2 * N);
        #[allow(clippy::cast_precision_loss)]
        let per_event = long.saturating_sub(short) as f64 / N as f64;
        eprintln!("{group} / {name}: {per_event:.0} instructions per event");
        rows.push(json!({ "group": group, "name": name, "instructions": per_event }));
    }
    let dir = target.join("safe-log-bench");
    fs::create_dir_all(&dir).expect("target/safe-log-bench can be created");
    let text = serde_json::to_string_pretty(&Value::Array(rows)).expect("JSON");
    fs::write(dir.join("instructions.json"), text).expect("the results can be written");
}

/// The instructions callgrind collects for one run.
fn collected(contender: &Path, group: &str, name: &str, n: u64) -> u64 {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(contender)
        .args([group, name, &n.to_string()])
        .output()
        .expect("valgrind runs (bench/report.sh installs it)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{group} / {name}:\n{stderr}");
    stderr
        .lines()
        .find_map(|line| line.split("Collected : ").nth(1))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("no instruction count for {group} / {name}:\n{stderr}"))
}
