//! Runs one contender of the output benchmark in a loop, for a profiler or
//! `valgrind --tool=callgrind` (instruction counts are stable where times are
//! not): `prof_output N [layer|json|stackdriver|floor]`.
use std::hint::black_box;
use std::io;

use safe_log::cloud::CloudLogging;
use safe_log_bench::diag;
use tracing_subscriber::layer::SubscriberExt;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let mode = std::env::args().nth(2).unwrap_or_default();
    let dispatch = match mode.as_str() {
        "json" => tracing::Dispatch::new(
            tracing_subscriber::fmt()
                .json()
                .with_writer(io::sink)
                .finish(),
        ),
        "stackdriver" => tracing::Dispatch::new(
            tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
        ),
        _ => tracing::Dispatch::new(
            tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build()),
        ),
    };
    let _ = tracing::dispatcher::set_global_default(dispatch);
    let d = diag();
    if mode == "floor" {
        let mut floor = safe_log_bench::Floor::default();
        let mut sink = io::sink();
        for _ in 0..n {
            floor.write(black_box(&d), &mut sink);
        }
        return;
    }
    let start = std::time::Instant::now();
    for _ in 0..n {
        let d = black_box(&d);
        safe_log_bench::tracing_event(d);
    }
    let per = start.elapsed() / u32::try_from(n).unwrap_or(u32::MAX);
    // safe-log: allow(print-debug-format) a Duration on a profiling tool's stdout
    println!("{mode}: {per:?} per event");
}
