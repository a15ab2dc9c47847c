//! Spans: making, entering and exiting a span with a 10-leaf record, and a
//! call through `#[safe_log::instrument]` with 3 arguments, against the
//! same with tracing, into a subscriber that reads every field; enabled and
//! disabled by level.
//!
//! `cargo bench -p safe-log-bench --bench spans`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log_bench::{
    VisitAll, diag, instrumented, instrumented_disabled, safe_span, safe_span_disabled, traced,
    traced_disabled, tracing_span, tracing_span_disabled,
};

fn spans(c: &mut Criterion) {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let d = diag();

    let mut group = c.benchmark_group("spans/enabled");
    group.bench_function("tracing::info_span!", |b| {
        b.iter(|| tracing_span(black_box(&d)));
    });
    group.bench_function("safe_log::info_span!", |b| {
        b.iter(|| safe_span(black_box(&d)));
    });
    group.finish();

    let mut group = c.benchmark_group("spans/disabled");
    group.bench_function("tracing::debug_span!", |b| {
        b.iter(|| tracing_span_disabled(black_box(&d)));
    });
    group.bench_function("safe_log::debug_span!", |b| {
        b.iter(|| safe_span_disabled(black_box(&d)));
    });
    group.finish();

    let mut group = c.benchmark_group("instrument/enabled");
    group.bench_function("tracing", |b| b.iter(|| traced(black_box(7), "/ws", true)));
    group.bench_function("safe_log", |b| {
        b.iter(|| instrumented(black_box(7), "/ws", true));
    });
    group.finish();

    let mut group = c.benchmark_group("instrument/disabled");
    group.bench_function("tracing", |b| {
        b.iter(|| traced_disabled(black_box(7), "/ws", true));
    });
    group.bench_function("safe_log", |b| {
        b.iter(|| instrumented_disabled(black_box(7), "/ws", true));
    });
    group.finish();
}

criterion_group!(benches, spans);
criterion_main!(benches);
