//! The same 10-field event written as one JSON line, into `io::sink()`, by:
//! safe-log's Cloud Logging layer, tracing-subscriber's `fmt().json()`,
//! tracing-stackdriver, and a hand-written writer (itoa, ryu and an escape
//! loop into a reused `Vec`, no tracing) as the floor.
//!
//! `cargo bench -p safe-log-bench --bench output`

use std::hint::black_box;
use std::io;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log::cloud::CloudLogging;
use safe_log_bench::{Diag, Floor, diag};
use tracing_subscriber::layer::SubscriberExt;

/// The event every contender writes: a hand-written `tracing::event!` with
/// the record's 10 fields, so that each subscriber gets the same input.
fn event(d: &Diag) {
    tracing::event!(
        tracing::Level::ERROR,
        diag.conn_id = d.conn_id,
        diag.user_id = d.user_id,
        diag.state = d.state.as_str(),
        diag.close_code = d.close_code,
        diag.message_count = d.message_count,
        diag.elapsed_ms = d.elapsed_ms,
        diag.peer.port = d.peer.port,
        diag.peer.route = d.peer.route,
        diag.retry = d.retry,
        diag.ratio = d.ratio,
        "websocket message processing failed"
    );
}

fn output(c: &mut Criterion) {
    let d = diag();
    let mut group = c.benchmark_group("output");

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build()),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("safe-log CloudLogging", |b| b.iter(|| event(black_box(&d))));
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .json()
            .with_writer(io::sink)
            .finish(),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-subscriber json", |b| {
            b.iter(|| event(black_box(&d)));
        });
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-stackdriver", |b| b.iter(|| event(black_box(&d))));
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
