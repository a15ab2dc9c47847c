//! Events through the `log` path (no tracing subscriber set): a 10-leaf
//! `safe_log::error!` against `log::error!` with the same 10 key-values
//! written by hand, into a logger that visits every key-value; enabled and
//! disabled by level.
//!
//! `cargo bench -p safe-log-bench --bench log`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log_bench::{diag, install_visit_all_log, log_event, log_event_disabled};

fn log_path(c: &mut Criterion) {
    install_visit_all_log();
    let d = diag();

    let mut enabled = c.benchmark_group("log/enabled");
    enabled.bench_function("log::error!", |b| b.iter(|| log_event(black_box(&d))));
    enabled.bench_function("safe_log::error!", |b| {
        b.iter(|| safe_log::error!(diag = black_box(&d), "websocket message processing failed"));
    });
    enabled.finish();

    let mut disabled = c.benchmark_group("log/disabled");
    disabled.bench_function("log::debug!", |b| {
        b.iter(|| log_event_disabled(black_box(&d)));
    });
    disabled.bench_function("safe_log::debug!", |b| {
        b.iter(|| safe_log::debug!(diag = black_box(&d), "websocket message processing failed"));
    });
    disabled.finish();
}

criterion_group!(benches, log_path);
criterion_main!(benches);
