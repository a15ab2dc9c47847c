//! Runs the error-path event in a loop, for `valgrind --tool=callgrind`:
//! `prof_errors [values|prerendered|to_string] N`.
use std::hint::black_box;

use safe_log_bench::{
    VisitAll, error_event, error_event_prerendered, error_event_to_string, error_texts,
    error_values,
};

fn main() {
    let _ = tracing::subscriber::set_global_default(VisitAll);
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let (error, id, uri) = error_values();
    let [error_text, id_text, uri_text] = error_texts(&error, &id, &uri);
    for _ in 0..n {
        if which == "prerendered" {
            error_event_prerendered(black_box(&error_text), &id_text, &uri_text);
        } else if which == "to_string" {
            error_event_to_string(black_box(&error), &id, &uri);
        } else {
            error_event(black_box(&error), &id, &uri);
        }
    }
}
