//! The same 10-field event written as one JSON line, into `io::sink()`, by:
//! safe-log's Cloud Logging layer, tracing-subscriber's `fmt().json()`,
//! tracing-stackdriver, slog-json, and a hand-written writer (itoa, ryu and
//! an escape loop into a reused `Vec`, no tracing) as the floor.
//!
//! `cargo bench -p safe-log-bench --bench output`

use std::hint::black_box;
use std::io;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log::cloud::CloudLogging;
use safe_log_bench::{Floor, diag, slog_event, slog_json_logger, tracing_event};
use tracing_subscriber::layer::SubscriberExt;

fn output(c: &mut Criterion) {
    let d = diag();
    let mut group = c.benchmark_group("output");

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build()),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("safe-log CloudLogging", |b| {
            b.iter(|| tracing_event(black_box(&d)));
        });
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .json()
            .with_writer(io::sink)
            .finish(),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-subscriber json", |b| {
            b.iter(|| tracing_event(black_box(&d)));
        });
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-stackdriver", |b| {
            b.iter(|| tracing_event(black_box(&d)));
        });
    });

    let logger = slog_json_logger();
    group.bench_function("slog-json", |b| {
        b.iter(|| slog_event(&logger, black_box(&d)));
    });

    let mut floor = Floor::default();
    let mut sink = io::sink();
    group.bench_function("hand-written floor", |b| {
        b.iter(|| floor.write(black_box(&d), &mut sink));
    });
    group.finish();
}

criterion_group!(benches, output);
criterion_main!(benches);
