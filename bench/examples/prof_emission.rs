//! Runs the enabled `safe_log::error!` of the emission benchmark in a loop,
//! for a profiler.
use std::hint::black_box;

use safe_log_bench::{VisitAll, diag};

fn main() {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let d = diag();
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000_000);
    for _ in 0..n {
        if which == "tracing" {
            let d = black_box(&d);
            safe_log_bench::tracing_event(d);
        } else {
            safe_log::error!(diag = black_box(&d), "websocket message processing failed");
        }
    }
}
