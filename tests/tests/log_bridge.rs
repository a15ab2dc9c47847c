//! `safe_log::init()` routes the records of the `log` crate into its
//! subscriber: their level, text, target and the file and line of the
//! `log::` call, filtered by `RUST_LOG`. Each case runs in a child process
//! (the global subscriber and logger are set once per process), with its own
//! `RUST_LOG`, and the parent reads the lines it wrote on stdout.

use std::process::Command;

use serde_json::Value;

/// The environment variable that tells a child which case to run.
const CASE: &str = "SAFE_LOG_BRIDGE_CASE";

/// Runs this test binary's `child` test with `case` and `rust_log`, and
/// returns the JSON lines it wrote.
fn run(case: &str, rust_log: Option<&str>) -> Vec<Value> {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CASE, case)
        .env_remove("RUST_LOG");
    if let Some(rust_log) = rust_log {
        command.env("RUST_LOG", rust_log);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "the child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The line of the `log::` call in the `default` case.
const WARN_LINE: u32 = 58;

/// What a child does: one case of `init` and `log`.
#[test]
fn child() {
    let Ok(case) = std::env::var(CASE) else {
        return;
    };
    // libtest's `test child ... ` has no newline.
    println!();
    match case.as_str() {
        "default" => {
            safe_log::init().unwrap();
            log::info!(target: "deps::db", "query took {} ms", 5);
            log::debug!(target: "deps::db", "below the default level");
            log::trace!("below the default level");
            safe_log::info!(n = 1u8, "from safe_log");
            assert_eq!(line!(), WARN_LINE - 1);
            log::warn!("a warning from {}", "log");
            log::error!(target: "other", "an error");
        }
        "off" => {
            let layer = safe_log::cloud::CloudLogging::builder()
                .log_records(false)
                .build();
            safe_log::init_with(layer).unwrap();
            log::error!("not routed");
            safe_log::info!("from safe_log");
        }
        "logger-set" => {
            struct Own;
            impl log::Log for Own {
                fn enabled(&self, _: &log::Metadata<'_>) -> bool {
                    true
                }
                fn log(&self, _: &log::Record<'_>) {}
                fn flush(&self) {}
            }
            log::set_boxed_logger(Box::new(Own)).unwrap();
            let error = safe_log::init().expect_err("a logger is set");
            assert!(error.is_log_logger_set());
            let text = error.to_string();
            assert!(text.contains("a `log` logger is already set"), "{text}");
            assert!(text.contains("log_records(false)"), "{text}");
            // Nothing was installed.
            assert!(!tracing::dispatcher::has_been_set());
            let layer = safe_log::cloud::CloudLogging::builder()
                .log_records(false)
                .build();
            safe_log::init_with(layer).unwrap();
            safe_log::info!("installed without the bridge");
        }
        other => panic!("unknown case {other}"),
    }
}

#[test]
fn log_records_become_lines_with_their_own_call_site() {
    let lines = run("default", None);
    let messages: Vec<&str> = lines
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    // `info` by default: no debug or trace record.
    assert_eq!(
        messages,
        [
            "query took 5 ms",
            "from safe_log",
            "a warning from log",
            "an error"
        ]
    );
    let first = &lines[0];
    assert_eq!(first["severity"], "INFO");
    assert_eq!(first["target"], "deps::db");
    let location = &first["logging.googleapis.com/sourceLocation"];
    assert_eq!(location["file"], "tests/tests/log_bridge.rs");
    assert_eq!(location["function"], "log_bridge");
    let warn = &lines[2];
    assert_eq!(warn["severity"], "WARNING");
    assert_eq!(warn["target"], "log_bridge");
    assert_eq!(
        warn["logging.googleapis.com/sourceLocation"]["line"],
        WARN_LINE.to_string()
    );
    assert_eq!(lines[3]["severity"], "ERROR");
    assert_eq!(lines[3]["target"], "other");
    // The bridge's own fields are not written.
    for line in &lines {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert!(!keys.iter().any(|k| k.starts_with("log.")), "{keys:?}");
    }
    // The safe-log event is written once, with its field.
    assert_eq!(lines[1]["n"], 1);
}

#[test]
fn rust_log_filters_log_records_by_target_and_level() {
    let lines = run("default", Some("warn,deps=debug"));
    let messages: Vec<&str> = lines
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "query took 5 ms",
            "below the default level",
            "a warning from log",
            "an error"
        ]
    );
    assert_eq!(lines[1]["severity"], "DEBUG");
}

#[test]
fn the_bridge_can_be_turned_off() {
    let lines = run("off", None);
    let messages: Vec<&str> = lines
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["from safe_log"]);
}

#[test]
fn a_logger_already_set_is_an_error_that_changes_nothing() {
    let lines = run("logger-set", None);
    let messages: Vec<&str> = lines
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["installed without the bridge"]);
}
