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

/// The named baseline of each group, and the goal for safe-log against it
/// (a ratio of instructions per event).
const GOALS: &[(&str, &str, &str, f64)] = &[
    (
        "emission/enabled",
        "safe_log::error!",
        "tracing::event!",
        1.0,
    ),
    (
        "emission/disabled",
        "safe_log::debug!",
        "tracing::event!",
        1.0,
    ),
    ("output", "safe-log CloudLogging", "hand-written floor", 1.1),
    (
        "output",
        "safe-log CloudLogging",
        "tracing-subscriber json",
        0.35,
    ),
    (
        "output",
        "safe-log CloudLogging",
        "tracing-stackdriver",
        0.2,
    ),
    ("serde", "safe-log Fields", "derive(Serialize)", 1.0),
    ("errors", "error, Uuid, Uri", "pre-rendered &str", 1.2),
    ("log/enabled", "safe_log::error!", "log::error!", 1.25),
    ("log/disabled", "safe_log::debug!", "log::debug!", 1.2),
    (
        "spans/enabled",
        "safe_log::info_span!",
        "tracing::info_span!",
        1.25,
    ),
    (
        "spans/disabled",
        "safe_log::debug_span!",
        "tracing::debug_span!",
        1.2,
    ),
    ("instrument/enabled", "safe_log", "tracing", 1.25),
    ("instrument/disabled", "safe_log", "tracing", 1.2),
];

/// One contender's numbers: instructions, median time, allocations.
struct Row<'a> {
    group: &'a str,
    name: &'a str,
    instructions: Option<f64>,
    median_ns: Option<f64>,
}

fn main() {
    let target = safe_log_bench::target_dir();
    let times = measured(&target);
    let counts = read_json(&target.join("safe-log-bench/instructions.json"));
    let counts: Vec<&Value> = counts
        .as_ref()
        .and_then(Value::as_array)
        .map(|rows| rows.iter().collect())
        .unwrap_or_default();
    let allocations = read_json(&target.join("safe-log-bench/allocations.json"));

    // Every contender with a count or a time, in the order of the counts.
    let mut rows: Vec<Row<'_>> = counts
        .iter()
        .filter_map(|row| {
            let (group, name) = (row["group"].as_str()?, row["name"].as_str()?);
            Some(Row {
                group,
                name,
                instructions: row["instructions"].as_f64(),
                median_ns: times
                    .iter()
                    .find(|m| m.group == group && m.name == name)
                    .map(|m| m.median_ns),
            })
        })
        .collect();
    for m in &times {
        if !rows
            .iter()
            .any(|row| row.group == m.group && row.name == m.name)
        {
            rows.push(Row {
                group: &m.group,
                name: &m.name,
                instructions: None,
                median_ns: Some(m.median_ns),
            });
        }
    }
    let allocs = |group: &str, name: &str| -> String {
        // The allocation benchmark's groups are the enabled ones, named
        // without `/enabled`; other subgroups were not counted.
        let group = match group.split_once('/') {
            Some((group, "enabled")) => group,
            Some(_) => return "–".to_owned(),
            None => group,
        };
        allocations
            .as_ref()
            .and_then(Value::as_array)
            .and_then(|all| {
                all.iter()
                    .find(|r| r["group"] == group && r["name"] == name)
            })
            .and_then(|r| r["allocations"].as_f64())
            .map_or_else(|| "–".to_owned(), |n| format!("{n:.0}"))
    };

    let mut md = String::new();
    let _ = writeln!(
        md,
        "| group | contender | instructions / event | median time | allocations / event |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    for row in &rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            row.group,
            row.name.replace('|', "\\|"),
            row.instructions.map_or_else(|| "–".to_owned(), count),
            row.median_ns.map_or_else(|| "–".to_owned(), time),
            allocs(row.group, row.name)
        );
    }

    let _ = writeln!(md);
    let _ = writeln!(md, "| goal (instructions) | instructions | time | met |");
    let _ = writeln!(md, "|---|---:|---:|:---:|");
    let find = |group: &str, name: &str| rows.iter().find(|r| r.group == group && r.name == name);
    for (group, ours, baseline, goal) in GOALS {
        let (Some(a), Some(b)) = (find(group, ours), find(group, baseline)) else {
            continue;
        };
        let ratio = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => Some(x / y),
            _ => None,
        };
        let by_count = ratio(a.instructions, b.instructions);
        let by_time = ratio(a.median_ns, b.median_ns);
        let shown = |r: Option<f64>| r.map_or_else(|| "–".to_owned(), |r| format!("{r:.2}x"));
        let met = match by_count {
            Some(r) if r <= *goal => "yes",
            Some(_) => "no",
            None => "–",
        };
        let _ = writeln!(
            md,
            "| {group}: {ours} / {baseline} <= {goal} | {} | {} | {met} |",
            shown(by_count),
            shown(by_time)
        );
    }
    compile_time(&target, &mut md);
    throughput(&target, &mut md);
    print!("{md}");
}

/// `7114` as `7,114`.
fn count(n: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = n.round().max(0.0) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn compile_time(target: &Path, md: &mut String) {
    let Some(ct) = read_json(&target.join("safe-log-bench/compile-time.json")) else {
        return;
    };
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
        let by_count = (iours - inone) / (iserde - inone);
        let _ = writeln!(
            md,
            "| derive cost: (SafeLog - none) / (Serialize - none) <= 0.8, rustc instructions of `cargo check`, 200 structs x 10 fields: {:.3} G, {:.3} G, {:.3} G; seconds: {ours:.2}, {serde:.2}, {none:.2} | {by_count:.2}x | {derive:.2}x | {} |",
            iours / 1e9,
            iserde / 1e9,
            inone / 1e9,
            if by_count <= 0.8 { "yes" } else { "no" }
        );
    }
    let cold = f("cold_safe_log") / f("cold_serde_derive");
    let _ = writeln!(
        md,
        "| cold build (seconds): safe-log (default features) / serde + serde_derive <= 1.2: {:.1} s, {:.1} s | – | {cold:.2}x | {} |",
        f("cold_safe_log"),
        f("cold_serde_derive"),
        if cold <= 1.2 { "yes" } else { "no" }
    );
}

fn throughput(target: &Path, md: &mut String) {
    let Some(rows) = read_json(&target.join("safe-log-bench/throughput.json")) else {
        return;
    };
    let Some(rows) = rows.as_array() else { return };
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "| into one pipe | threads | lines / s | MB / s | lines / s vs 1 thread |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|");
    for row in rows {
        let layer = row["layer"].as_str().unwrap_or("");
        let rate = row["lines_per_second"].as_f64().unwrap_or(f64::NAN);
        let one = rows
            .iter()
            .find(|r| r["layer"] == layer && r["threads"] == 1)
            .and_then(|r| r["lines_per_second"].as_f64())
            .unwrap_or(f64::NAN);
        let _ = writeln!(
            md,
            "| {layer} | {} | {} | {:.1} | {:.2}x |",
            row["threads"],
            count(rate),
            row["megabytes_per_second"].as_f64().unwrap_or(f64::NAN),
            rate / one
        );
    }
}
