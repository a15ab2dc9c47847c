//! Prints the Markdown table of the README's "Performance" section from
//! the results of the last run: criterion's medians
//! (`target/criterion/**/new/`), the allocation counts and the compile-time
//! measurements (`target/safe-log-bench/`). Run by `bench/report.sh`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A contender's median, in nanoseconds.
struct Measured {
    group: String,
    name: String,
    median_ns: f64,
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
}

/// Every `new/benchmark.json` below `dir`.
fn benchmarks(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "new") {
                out.push(path.join("benchmark.json"));
            } else {
                benchmarks(&path, out);
            }
        }
    }
}

fn measured(target: &Path) -> Vec<Measured> {
    let mut files = Vec::new();
    benchmarks(&target.join("criterion"), &mut files);
    let mut out: Vec<Measured> = files
        .iter()
        .filter_map(|file| {
            let bench = read_json(file)?;
            let estimates = read_json(&file.with_file_name("estimates.json"))?;
            Some(Measured {
                group: bench["group_id"].as_str()?.to_owned(),
                name: bench["function_id"].as_str()?.to_owned(),
                median_ns: estimates["median"]["point_estimate"].as_f64()?,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(a.median_ns.total_cmp(&b.median_ns))
    });
    out
}

fn time(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

/// The named baseline of each group, and the goal for safe-log against it.
const GOALS: &[(&str, &str, &str, f64)] = &[
    (
        "emission/enabled",
        "safe_log::error!",
        "tracing::event!",
        1.25,
    ),
    (
        "emission/disabled",
        "safe_log::debug!",
        "tracing::event!",
        1.2,
    ),
    (
        "output",
        "safe-log CloudLogging",
        "tracing-stackdriver",
        0.2,
    ),
    (
        "output",
        "safe-log CloudLogging",
        "tracing-subscriber json",
        0.35,
    ),
    ("output", "safe-log CloudLogging", "hand-written floor", 1.6),
    ("serde", "safe-log Fields", "derive(Serialize)", 1.1),
];

fn main() {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let results = measured(&target);
    let mut md = String::new();

    let _ = writeln!(md, "| group | contender | median | allocations / event |");
    let _ = writeln!(md, "|---|---|---:|---:|");
    let allocations = read_json(&target.join("safe-log-bench/allocations.json"));
    let allocs = |group: &str, name: &str| -> String {
        let group = group.split('/').next().unwrap_or(group);
        allocations
            .as_ref()
            .and_then(Value::as_array)
            .and_then(|rows| {
                rows.iter()
                    .find(|r| r["group"] == group && r["name"] == name)
            })
            .and_then(|r| r["allocations"].as_f64())
            .map_or_else(|| "–".to_owned(), |n| format!("{n:.0}"))
    };
    for m in &results {
        let alloc = if m.group == "emission/disabled" {
            "–".to_owned()
        } else {
            allocs(&m.group, &m.name)
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            m.group,
            m.name,
            time(m.median_ns),
            alloc
        );
    }

    let _ = writeln!(md);
    let _ = writeln!(md, "| goal | ratio | goal met |");
    let _ = writeln!(md, "|---|---:|:---:|");
    let find = |group: &str, name: &str| {
        results
            .iter()
            .find(|m| m.group == group && m.name == name)
            .map(|m| m.median_ns)
    };
    for (group, ours, baseline, goal) in GOALS {
        if let (Some(a), Some(b)) = (find(group, ours), find(group, baseline)) {
            let ratio = a / b;
            let _ = writeln!(
                md,
                "| {group}: {ours} / {baseline} <= {goal} | {ratio:.2}x | {} |",
                if ratio <= *goal { "yes" } else { "no" }
            );
        }
    }
    if let Some(ct) = read_json(&target.join("safe-log-bench/compile-time.json")) {
        let f = |k: &str| ct[k].as_f64().unwrap_or(f64::NAN);
        let (ours, serde, none) = (
            f("check_derive_safe_log"),
            f("check_derive_serde"),
            f("check_no_derive"),
        );
        let derive = (ours - none) / (serde - none);
        let (iours, iserde, inone) = (
            f("instructions_derive_safe_log"),
            f("instructions_derive_serde"),
            f("instructions_no_derive"),
        );
        if iours.is_finite() {
            let derive = (iours - inone) / (iserde - inone);
            let _ = writeln!(
                md,
                "| derive cost, in rustc instructions (valgrind): {:.3} G, {:.3} G, {:.3} G | {derive:.2}x | {} |",
                iours / 1e9,
                iserde / 1e9,
                inone / 1e9,
                if derive <= 1.0 { "yes" } else { "no" }
            );
        }
        let cold = f("cold_safe_log") / f("cold_serde_derive");
        let _ = writeln!(
            md,
            "| derive cost: (SafeLog - none) / (Serialize - none) <= 1.0, `cargo check` of 200 structs x 10 fields: {ours:.2} s, {serde:.2} s, {none:.2} s | {derive:.2}x | {} |",
            if derive <= 1.0 { "yes" } else { "no" }
        );
        let _ = writeln!(
            md,
            "| cold build: safe-log (default features) / serde + serde_derive <= 1.2: {:.1} s, {:.1} s | {cold:.2}x | {} |",
            f("cold_safe_log"),
            f("cold_serde_derive"),
            if cold <= 1.2 { "yes" } else { "no" }
        );
    }
    print!("{md}");
}
