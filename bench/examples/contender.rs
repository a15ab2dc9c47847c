//! Runs one contender of the benchmarks N times, under the subscriber its
//! criterion group uses: what `valgrind --tool=callgrind` counts for the
//! instructions column of the README's Performance table
//! (`cargo run -p safe-log-bench --bin instructions`).
//!
//! `contender --list` prints every group and name, tab-separated, with the
//! names criterion reports them under; `contender GROUP NAME N` runs one.

use std::hint::black_box;
use std::io;

use safe_log::Fields;
use safe_log::cloud::CloudLogging;
use safe_log_bench::{
    Floor, VisitAll, diag, error_event, error_event_prerendered, error_event_to_string,
    error_texts, error_values, install_visit_all_log, instrumented, instrumented_disabled,
    log_event, log_event_disabled, safe_small, safe_span, safe_span_disabled, slog_event,
    slog_json_logger, traced, traced_disabled, tracing_event, tracing_event_disabled,
    tracing_small, tracing_span, tracing_span_disabled,
};
use tracing_subscriber::layer::SubscriberExt;

/// Every contender: (group, name), as criterion names them.
const CONTENDERS: &[(&str, &str)] = &[
    ("emission/enabled", "tracing::event!"),
    ("emission/enabled", "safe_log::error!"),
    ("emission/small", "tracing::event!"),
    ("emission/small", "safe_log::error!"),
    ("emission/disabled", "tracing::event!"),
    ("emission/disabled", "safe_log::debug!"),
    ("output", "safe-log CloudLogging"),
    ("output", "tracing-subscriber json"),
    ("output", "tracing-stackdriver"),
    ("output", "slog-json"),
    ("output", "hand-written floor"),
    ("serde", "derive(Serialize)"),
    ("serde", "safe-log Fields"),
    ("adhoc", "format!(\"{:?}\")"),
    ("adhoc", "tracing::error!(?record)"),
    ("adhoc", "safe_log::error!"),
    ("errors", "pre-rendered &str"),
    ("errors", "error, Uuid, Uri"),
    ("errors", "to_string() per event"),
    ("log/enabled", "log::error!"),
    ("log/enabled", "safe_log::error!"),
    ("log/disabled", "log::debug!"),
    ("log/disabled", "safe_log::debug!"),
    ("spans/enabled", "tracing::info_span!"),
    ("spans/enabled", "safe_log::info_span!"),
    ("spans/disabled", "tracing::debug_span!"),
    ("spans/disabled", "safe_log::debug_span!"),
    ("instrument/enabled", "tracing"),
    ("instrument/enabled", "safe_log"),
    ("instrument/disabled", "tracing"),
    ("instrument/disabled", "safe_log"),
    ("lists", "Vec<&str>, 10 items"),
    ("lists", "pre-joined &str"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for (group, name) in CONTENDERS {
            println!("{group}\t{name}");
        }
        return;
    }
    let [group, name, n] = args.as_slice() else {
        eprintln!("usage: contender --list | contender GROUP NAME N");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number, not `{n}`");
        std::process::exit(2);
    };
    if !run(group, name, n) {
        eprintln!("no contender `{name}` in group `{group}`: see `contender --list`");
        std::process::exit(2);
    }
}

/// Sets the global subscriber that every field is visited by.
fn visit_all() {
    let _ = tracing::subscriber::set_global_default(VisitAll);
}

/// Sets the global subscriber of the output group.
fn output_into_sink(name: &str) {
    let dispatch = match name {
        "safe-log CloudLogging" => tracing::Dispatch::new(
            tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build()),
        ),
        "tracing-subscriber json" => tracing::Dispatch::new(
            tracing_subscriber::fmt()
                .json()
                .with_writer(io::sink)
                .finish(),
        ),
        _ => tracing::Dispatch::new(
            tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
        ),
    };
    let _ = tracing::dispatcher::set_global_default(dispatch);
}

/// Runs `f` `n` times: one function per contender, so that no contender's
/// loop shares registers with the others' set-up code.
#[inline(never)]
fn times(n: u64, mut f: impl FnMut()) {
    for _ in 0..n {
        f();
    }
}

fn run(group: &str, name: &str, n: u64) -> bool {
    let d = diag();
    // The setup, then the loop: one contender per process.
    match (group, name) {
        ("emission/enabled" | "adhoc", "safe_log::error!") => {
            visit_all();
            times(n, || {
                safe_log::error!(diag = black_box(&d), "websocket message processing failed");
            });
        }
        ("emission/enabled", "tracing::event!") => {
            visit_all();
            times(n, || {
                tracing_event(black_box(&d));
            });
        }
        ("emission/small", "tracing::event!") => {
            visit_all();
            times(n, || {
                tracing_small(
                    black_box(d.conn_id),
                    black_box(d.user_id),
                    black_box(d.retry),
                );
            });
        }
        ("emission/small", "safe_log::error!") => {
            visit_all();
            times(n, || {
                safe_small(
                    black_box(d.conn_id),
                    black_box(d.user_id),
                    black_box(d.retry),
                );
            });
        }
        ("emission/disabled", "tracing::event!") => {
            visit_all();
            times(n, || {
                tracing_event_disabled(black_box(&d));
            });
        }
        ("emission/disabled", "safe_log::debug!") => {
            visit_all();
            times(n, || {
                safe_log::debug!(diag = black_box(&d), "websocket message processing failed");
            });
        }
        ("output", "slog-json") => {
            let logger = slog_json_logger();
            times(n, || {
                slog_event(&logger, black_box(&d));
            });
        }
        ("output", "hand-written floor") => {
            let mut floor = Floor::default();
            let mut sink = io::sink();
            times(n, || {
                floor.write(black_box(&d), &mut sink);
            });
        }
        ("output", _) if CONTENDERS.contains(&(group, name)) => {
            output_into_sink(name);
            times(n, || {
                tracing_event(black_box(&d));
            });
        }
        ("serde", "safe-log Fields") => {
            let mut out = Vec::with_capacity(1024);
            times(n, || {
                out.clear();
                let _ = serde_json::to_writer(&mut out, &Fields(black_box(&d)));
            });
        }
        ("serde", "derive(Serialize)") => {
            let mut out = Vec::with_capacity(1024);
            times(n, || {
                out.clear();
                let _ = serde_json::to_writer(&mut out, black_box(&d));
            });
        }
        ("adhoc", "format!(\"{:?}\")") => {
            times(n, || {
                // safe-log: allow(print-debug-format) the ad-hoc way, measured for contrast
                drop(black_box(format!("{:?}", black_box(&d))));
            });
        }
        ("adhoc", "tracing::error!(?record)") => {
            visit_all();
            times(n, || {
                // safe-log: allow(debug-field) the ad-hoc way, measured for contrast
                tracing::error!(diag = ?black_box(&d), "websocket message processing failed");
            });
        }
        ("errors", _) => return errors(name, n),
        ("lists", _) => return lists(name, n),
        ("log/enabled" | "log/disabled", _) => return log(group, name, n),
        ("spans/enabled" | "spans/disabled" | "instrument/enabled" | "instrument/disabled", _) => {
            return spans(group, name, n);
        }
        _ => return false,
    }
    true
}

/// A 10-item list of strings through the Cloud Logging layer, and the same
/// items joined into one string beforehand.
fn lists(name: &str, n: u64) -> bool {
    output_into_sink("safe-log CloudLogging");
    let items: Vec<&str> = vec![
        "news", "sports", "weather", "markets", "science", "travel", "health", "music", "books",
        "games",
    ];
    let joined = items.join(",");
    match name {
        "Vec<&str>, 10 items" => times(n, || {
            safe_log::info!(channels = black_box(&items), "subscribed");
        }),
        "pre-joined &str" => times(n, || {
            safe_log::info!(channels = black_box(joined.as_str()), "subscribed");
        }),
        _ => return false,
    }
    true
}

fn errors(name: &str, n: u64) -> bool {
    visit_all();
    let (error, id, uri) = error_values();
    let [error_text, id_text, uri_text] = error_texts(&error, &id, &uri);
    match name {
        "pre-rendered &str" => {
            times(n, || {
                error_event_prerendered(black_box(&error_text), &id_text, &uri_text);
            });
        }
        "error, Uuid, Uri" => {
            times(n, || {
                error_event(black_box(&error), &id, &uri);
            });
        }
        "to_string() per event" => {
            times(n, || {
                error_event_to_string(black_box(&error), &id, &uri);
            });
        }
        _ => return false,
    }
    true
}

fn log(group: &str, name: &str, n: u64) -> bool {
    install_visit_all_log();
    let d = diag();
    match (group, name) {
        ("log/enabled", "log::error!") => {
            times(n, || {
                log_event(black_box(&d));
            });
        }
        ("log/enabled", "safe_log::error!") => {
            times(n, || {
                safe_log::error!(diag = black_box(&d), "websocket message processing failed");
            });
        }
        ("log/disabled", "log::debug!") => {
            times(n, || {
                log_event_disabled(black_box(&d));
            });
        }
        ("log/disabled", "safe_log::debug!") => {
            times(n, || {
                safe_log::debug!(diag = black_box(&d), "websocket message processing failed");
            });
        }
        _ => return false,
    }
    true
}

fn spans(group: &str, name: &str, n: u64) -> bool {
    visit_all();
    let d = diag();
    match (group, name) {
        ("spans/enabled", "tracing::info_span!") => {
            times(n, || {
                tracing_span(black_box(&d));
            });
        }
        ("spans/enabled", "safe_log::info_span!") => {
            times(n, || {
                safe_span(black_box(&d));
            });
        }
        ("spans/disabled", "tracing::debug_span!") => {
            times(n, || {
                tracing_span_disabled(black_box(&d));
            });
        }
        ("spans/disabled", "safe_log::debug_span!") => {
            times(n, || {
                safe_span_disabled(black_box(&d));
            });
        }
        ("instrument/enabled", "tracing") => {
            times(n, || {
                black_box(traced(black_box(7), "/ws", true));
            });
        }
        ("instrument/enabled", "safe_log") => {
            times(n, || {
                black_box(instrumented(black_box(7), "/ws", true));
            });
        }
        ("instrument/disabled", "tracing") => {
            times(n, || {
                black_box(traced_disabled(black_box(7), "/ws", true));
            });
        }
        ("instrument/disabled", "safe_log") => {
            times(n, || {
                black_box(instrumented_disabled(black_box(7), "/ws", true));
            });
        }
        _ => return false,
    }
    true
}
