//! The error path: an event with a three-deep error chain, a `Uuid` and a
//! `Uri`, against the same event with those values rendered beforehand as
//! `&str`, and against rendering them with `to_string()` for each event,
//! into a subscriber that visits every field.
//!
//! `cargo bench -p safe-log-bench --bench errors`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log_bench::{
    VisitAll, error_event, error_event_prerendered, error_event_to_string, error_texts,
    error_values,
};

fn errors(c: &mut Criterion) {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let (error, id, uri) = error_values();
    let [error_text, id_text, uri_text] = error_texts(&error, &id, &uri);
    let mut group = c.benchmark_group("errors");
    group.bench_function("pre-rendered &str", |b| {
        b.iter(|| error_event_prerendered(black_box(&error_text), &id_text, &uri_text));
    });
    group.bench_function("error, Uuid, Uri", |b| {
        b.iter(|| error_event(black_box(&error), &id, &uri));
    });
    group.bench_function("to_string() per event", |b| {
        b.iter(|| error_event_to_string(black_box(&error), &id, &uri));
    });
    group.finish();
}

criterion_group!(benches, errors);
criterion_main!(benches);
