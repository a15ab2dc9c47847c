//! Runs one contender of the spans benchmark in a loop, for
//! `valgrind --tool=callgrind`: `prof_spans MODE N`, MODE one of `span`,
//! `tracing-span`, `span-off`, `tracing-span-off`, `instrument`, `traced`,
//! `instrument-off`, `traced-off`.
use std::hint::black_box;

use safe_log_bench::{
    VisitAll, diag, instrumented, instrumented_disabled, safe_span, safe_span_disabled, traced,
    traced_disabled, tracing_span, tracing_span_disabled,
};

fn main() {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let d = diag();
    for _ in 0..n {
        let d = black_box(&d);
        match which.as_str() {
            "tracing-span" => tracing_span(d),
            "span-off" => safe_span_disabled(d),
            "tracing-span-off" => tracing_span_disabled(d),
            "instrument" => drop(black_box(instrumented(black_box(7), "/ws", true))),
            "traced" => drop(black_box(traced(black_box(7), "/ws", true))),
            "instrument-off" => drop(black_box(instrumented_disabled(black_box(7), "/ws", true))),
            "traced-off" => drop(black_box(traced_disabled(black_box(7), "/ws", true))),
            _ => safe_span(d),
        }
    }
}
