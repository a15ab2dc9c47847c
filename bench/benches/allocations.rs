//! Heap allocations per event of every contender, counted by a global
//! allocator, after a warm-up. Counts are exact and repeatable, so this is
//! not a criterion benchmark: it prints a table, and writes it as JSON to
//! `target/safe-log-bench/allocations.json` for `bench/report.sh`.
//!
//! `cargo bench -p safe-log-bench --bench allocations`

use std::hint::black_box;
use std::io;

use safe_log::Fields;
use safe_log::cloud::CloudLogging;
use safe_log_bench::{
    Floor, VisitAll, diag, error_event, error_event_to_string, error_values, slog_event,
    slog_json_logger, tracing_event,
};
use safe_log_test_support::{Counting, allocations_during};
use tracing_subscriber::layer::SubscriberExt;

#[global_allocator]
static GLOBAL: Counting = Counting;

const WARM_UP: u64 = 100;
const EVENTS: u64 = 1000;

/// Allocations per call of `f`, after a warm-up.
fn per_event(mut f: impl FnMut()) -> f64 {
    for _ in 0..WARM_UP {
        f();
    }
    let allocations = allocations_during(|| {
        for _ in 0..EVENTS {
            f();
        }
    });
    // Counts far below 2^52: exact as floats.
    #[allow(clippy::cast_precision_loss)]
    let per_event = allocations as f64 / EVENTS as f64;
    per_event
}

fn with<S>(subscriber: S, f: impl FnMut()) -> f64
where
    S: tracing::Subscriber + Send + Sync + 'static,
{
    let dispatch = tracing::Dispatch::new(subscriber);
    tracing::dispatcher::with_default(&dispatch, || per_event(f))
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter that
    // does not apply here.
    let d = diag();
    let mut rows: Vec<(&str, &str, f64)> = Vec::new();

    rows.push((
        "emission",
        "safe_log::error!",
        with(VisitAll, || {
            safe_log::error!(diag = black_box(&d), "websocket message processing failed");
        }),
    ));
    rows.push((
        "emission",
        "tracing::event!",
        with(VisitAll, || tracing_event(black_box(&d))),
    ));

    let (error, id, uri) = error_values();
    rows.push((
        "errors",
        "error, Uuid, Uri",
        with(VisitAll, || error_event(black_box(&error), &id, &uri)),
    ));
    rows.push((
        "errors",
        "to_string() per event",
        with(VisitAll, || {
            error_event_to_string(black_box(&error), &id, &uri);
        }),
    ));

    output_rows(&mut rows);
    adhoc_rows(&mut rows);

    println!("allocations per event (after {WARM_UP} warm-up events, over {EVENTS}):");
    for (group, name, n) in &rows {
        println!("  {group:<9} {name:<26} {n:>6.2}");
    }
    let json: Vec<serde_json::Value> = rows
        .iter()
        .map(|(group, name, n)| serde_json::json!({"group": group, "name": name, "allocations": n}))
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/safe-log-bench");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(
            dir.join("allocations.json"),
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        );
    }
}

/// The output contenders: one Cloud-Logging-like line per event.
fn output_rows(rows: &mut Vec<(&'static str, &'static str, f64)>) {
    let d = diag();
    let layer = CloudLogging::builder().writer(io::sink()).build();
    rows.push((
        "output",
        "safe-log CloudLogging",
        with(tracing_subscriber::registry().with(layer), || {
            tracing_event(black_box(&d));
        }),
    ));
    rows.push((
        "output",
        "tracing-subscriber json",
        with(
            tracing_subscriber::fmt()
                .json()
                .with_writer(io::sink)
                .finish(),
            || tracing_event(black_box(&d)),
        ),
    ));
    rows.push((
        "output",
        "tracing-stackdriver",
        with(
            tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
            || tracing_event(black_box(&d)),
        ),
    ));
    let logger = slog_json_logger();
    rows.push((
        "output",
        "slog-json",
        per_event(|| slog_event(&logger, black_box(&d))),
    ));
    let mut floor = Floor::default();
    let mut sink = io::sink();
    rows.push((
        "output",
        "hand-written floor",
        per_event(|| floor.write(black_box(&d), &mut sink)),
    ));
}

/// The serde and ad-hoc contenders.
fn adhoc_rows(rows: &mut Vec<(&'static str, &'static str, f64)>) {
    let d = diag();
    let mut out = Vec::with_capacity(1024);
    rows.push((
        "serde",
        "safe-log Fields",
        per_event(|| {
            out.clear();
            let _ = serde_json::to_writer(&mut out, &Fields(black_box(&d)));
        }),
    ));
    rows.push((
        "serde",
        "derive(Serialize)",
        per_event(|| {
            out.clear();
            let _ = serde_json::to_writer(&mut out, black_box(&d));
        }),
    ));
    rows.push((
        "adhoc",
        "format!(\"{:?}\")",
        per_event(|| drop(black_box(format!("{:?}", black_box(&d))))),
    ));
    rows.push((
        "adhoc",
        "tracing::error!(?record)",
        with(
            VisitAll,
            // safe-log: allow(debug-field) the ad-hoc way, counted for contrast
            || tracing::error!(diag = ?black_box(&d), "websocket message processing failed"),
        ),
    ));
}
