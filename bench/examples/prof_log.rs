//! Runs one contender of the `log` path benchmark in a loop, for
//! `valgrind --tool=callgrind`: `prof_log [safe|log|safe-off|log-off] N`.
use std::hint::black_box;

use safe_log_bench::{diag, install_visit_all_log, log_event, log_event_disabled};

fn main() {
    install_visit_all_log();
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let d = diag();
    for _ in 0..n {
        let d = black_box(&d);
        match which.as_str() {
            "log" => log_event(d),
            "log-off" => log_event_disabled(d),
            "safe-off" => {
                safe_log::debug!(diag = d, "websocket message processing failed");
            }
            _ => safe_log::error!(diag = d, "websocket message processing failed"),
        }
    }
}
