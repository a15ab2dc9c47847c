//! One diagnostic per mistake, as an IDE sees them.
//!
//! trybuild compares cargo's rendered text, which cargo de-duplicates: a
//! mistake the compiler reports three times looks like one there. This test
//! compiles every compile-fail case with `--message-format=json` (what
//! rust-analyzer and other front ends read), incremental as `cargo check`
//! is by default, and asserts that the number of error diagnostics of each
//! case is the number of errors its reviewed `.stderr` snapshot shows.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The compile-fail cases: `tests/ui/<group>/<case>.rs` with a `.stderr`.
fn cases() -> Vec<PathBuf> {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut cases = Vec::new();
    for group in ["leak", "attr", "shape", "macro", "span"] {
        for entry in std::fs::read_dir(ui.join(group)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") && path.with_extension("stderr").exists()
            {
                cases.push(path);
            }
        }
    }
    cases.sort();
    cases
}

/// The errors a snapshot shows: its lines that start an error.
fn errors_in_snapshot(case: &Path) -> usize {
    std::fs::read_to_string(case.with_extension("stderr"))
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("error"))
        .count()
}

/// A package with one binary per case, depending on this workspace's
/// safe-log.
fn project(dir: &Path, cases: &[PathBuf]) {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let mut manifest = format!(
        "[package]\nname = \"safe-log-diagnostics\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsafe-log = {{ path = {:?}, features = [\"log\", \"cloud-logging\"] }}\n\n\
         [workspace]\n",
        runtime.display().to_string()
    );
    for (i, case) in cases.iter().enumerate() {
        let _ = write!(
            manifest,
            "\n[[bin]]\nname = \"case{i}\"\npath = {:?}\n",
            case.display().to_string()
        );
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).unwrap();
}

/// The error diagnostics of each binary, from cargo's JSON messages.
fn json_errors(dir: &Path, target: &Path) -> BTreeMap<String, Vec<String>> {
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--bins",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .arg("--target-dir")
        .arg(target)
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "1")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let text = message["message"]["message"].as_str().unwrap_or_default();
        if text.starts_with("aborting") || text.starts_with("could not compile") {
            continue;
        }
        let name = message["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        errors.entry(name).or_default().push(text.to_owned());
    }
    errors
}

#[test]
fn every_mistake_is_one_diagnostic_in_json() {
    let cases = cases();
    assert!(cases.len() > 60, "{} cases", cases.len());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/diagnostics");
    let dir = root.join("cases");
    project(&dir, &cases);
    let errors = json_errors(&dir, &root.join("target"));
    let mut wrong = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let expected = errors_in_snapshot(case);
        let got = errors.get(&format!("case{i}")).cloned().unwrap_or_default();
        if got.len() != expected {
            wrong.push(format!(
                "{}: {} error diagnostics in JSON, {expected} in the snapshot: {got:#?}",
                case.display(),
                got.len()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_error_shows_the_crates_internals() {
    let mut shown = Vec::new();
    for case in cases() {
        let text = std::fs::read_to_string(case.with_extension("stderr")).unwrap();
        let count = text.matches("__private").count();
        if count > 0 {
            shown.push(format!("{}: `__private` {count} times", case.display()));
        }
        // No list of the crate's own impls either.
        if text.contains("and $N others") || text.contains("is implemented for `&T`") {
            shown.push(format!("{}: lists the crate's impls", case.display()));
        }
    }
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}
