//! The serde path: `serde_json::to_writer(Fields(&record))` against the
//! same record's `#[derive(Serialize)]`, into a reused `Vec`.
//!
//! `cargo bench -p safe-log-bench --bench serde`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log::Fields;
use safe_log_bench::diag;

fn serde(c: &mut Criterion) {
    let d = diag();
    let mut out = Vec::with_capacity(1024);
    let mut group = c.benchmark_group("serde");
    group.bench_function("derive(Serialize)", |b| {
        b.iter(|| {
            out.clear();
            let _ = serde_json::to_writer(&mut out, black_box(&d));
        });
    });
    group.bench_function("safe-log Fields", |b| {
        b.iter(|| {
            out.clear();
            let _ = serde_json::to_writer(&mut out, &Fields(black_box(&d)));
        });
    });
    group.finish();
}

criterion_group!(benches, serde);
criterion_main!(benches);
