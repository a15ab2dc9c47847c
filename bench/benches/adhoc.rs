//! For contrast, the ad-hoc ways to log the record that safe-log replaces:
//! `format!("{:?}", record)`, and `tracing::error!(?record)` into the
//! subscriber that visits (and formats) every field; and safe-log's event.
//!
//! `cargo bench -p safe-log-bench --bench adhoc`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log_bench::{VisitAll, diag};

fn adhoc(c: &mut Criterion) {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let d = diag();
    let mut group = c.benchmark_group("adhoc");
    group.bench_function("format!(\"{:?}\")", |b| {
        b.iter(|| format!("{:?}", black_box(&d)));
    });
    group.bench_function("tracing::error!(?record)", |b| {
        // safe-log: allow(debug-field) the ad-hoc way, measured for contrast
        b.iter(|| tracing::error!(diag = ?black_box(&d), "websocket message processing failed"));
    });
    group.bench_function("safe_log::error!", |b| {
        b.iter(|| safe_log::error!(diag = black_box(&d), "websocket message processing failed"));
    });
    group.finish();
}

criterion_group!(benches, adhoc);
criterion_main!(benches);
