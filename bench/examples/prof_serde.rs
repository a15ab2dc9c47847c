//! Serializes the benchmark record in a loop, through `Fields` or its
//! `derive(Serialize)`, for `valgrind --tool=callgrind`:
//! `prof_serde N [fields|derive]`.
use std::hint::black_box;

use safe_log::Fields;
use safe_log_bench::diag;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let fields = std::env::args().nth(2).as_deref() != Some("derive");
    let d = diag();
    let mut out = Vec::with_capacity(1024);
    for _ in 0..n {
        out.clear();
        if fields {
            let _ = serde_json::to_writer(&mut out, &Fields(black_box(&d)));
        } else {
            let _ = serde_json::to_writer(&mut out, black_box(&d));
        }
    }
    black_box(&out);
}
