//! `safe_log::error!` with a 10-leaf record against a hand-written
//! `tracing::event!` with the same 10 fields, into a subscriber that visits
//! every field: enabled, and disabled by level.
//!
//! `cargo bench -p safe-log-bench --bench emission`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log_bench::{VisitAll, diag, tracing_event, tracing_event_disabled};

fn emission(c: &mut Criterion) {
    // One global subscriber for both contenders: INFO and above, every
    // field visited.
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let d = diag();

    let mut enabled = c.benchmark_group("emission/enabled");
    enabled.bench_function("tracing::event!", |b| {
        b.iter(|| tracing_event(black_box(&d)));
    });
    enabled.bench_function("safe_log::error!", |b| {
        b.iter(|| safe_log::error!(diag = black_box(&d), "websocket message processing failed"));
    });
    enabled.finish();

    let mut disabled = c.benchmark_group("emission/disabled");
    disabled.bench_function("tracing::event!", |b| {
        b.iter(|| tracing_event_disabled(black_box(&d)));
    });
    disabled.bench_function("safe_log::debug!", |b| {
        b.iter(|| safe_log::debug!(diag = black_box(&d), "websocket message processing failed"));
    });
    disabled.finish();
}

criterion_group!(benches, emission);
criterion_main!(benches);
