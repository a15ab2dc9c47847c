//! Throughput into one pipe: 1, 2, 4 and 8 threads log the benchmarks'
//! 10-field event through safe-log's Cloud Logging layer and through
//! tracing-subscriber's JSON layer, each writing into the same OS pipe that
//! a reader thread drains, as a container runtime drains stdout.
//!
//! Prints lines per second for each (layer, threads) and writes
//! `target/safe-log-bench/throughput.json`; every run checks that the
//! reader received exactly one whole line per event.
//!
//! `cargo run --release -p safe-log-bench --example throughput [EVENTS]`
//! (default 400,000 events per run, shared among the threads).

use std::hint::black_box;
use std::io::{self, BufRead, BufReader, PipeWriter};
use std::path::Path;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use safe_log::cloud::CloudLogging;
use safe_log_bench::{diag, tracing_event};
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

const LAYERS: [&str; 2] = ["safe-log CloudLogging", "tracing-subscriber json"];
const THREADS: [usize; 4] = [1, 2, 4, 8];

fn dispatch(layer: &str, writer: PipeWriter) -> tracing::Dispatch {
    if layer == LAYERS[0] {
        tracing::Dispatch::new(
            tracing_subscriber::registry().with(CloudLogging::builder().writer(writer).build()),
        )
    } else {
        tracing::Dispatch::new(
            tracing_subscriber::fmt()
                .json()
                .with_writer(Mutex::new(writer))
                .finish(),
        )
    }
}

/// Lines and bytes read until every writer is gone; each line must be JSON
/// of the event (its message is checked).
fn drain(reader: io::PipeReader) -> (usize, usize) {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut line = String::new();
    let (mut lines, mut bytes) = (0, 0);
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        assert!(
            line.ends_with("}\n") && line.contains("websocket message processing failed"),
            "a line that is not a whole event: {line:?}"
        );
        lines += 1;
        bytes += line.len();
        line.clear();
    }
    (lines, bytes)
}

fn main() -> io::Result<()> {
    let events: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(400_000);
    let d = diag();
    let mut rows = Vec::new();
    println!("| layer | threads | lines / s | MB / s |");
    println!("|---|---:|---:|---:|");
    for layer in LAYERS {
        for threads in THREADS {
            let per_thread = events / threads;
            let (reader, writer) = io::pipe()?;
            let reading = thread::spawn(move || drain(reader));
            let dispatch = dispatch(layer, writer);
            let start = Instant::now();
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        tracing::dispatcher::with_default(&dispatch, || {
                            for _ in 0..per_thread {
                                tracing_event(black_box(&d));
                            }
                        });
                    });
                }
            });
            // The last handle on the layer closes the pipe's write end.
            drop(dispatch);
            let (lines, bytes) = reading.join().expect("the reader does not panic");
            let seconds = start.elapsed().as_secs_f64();
            assert_eq!(lines, per_thread * threads, "{layer}, {threads} threads");
            #[allow(clippy::cast_precision_loss)]
            let (rate, mb) = (lines as f64 / seconds, bytes as f64 / seconds / 1e6);
            println!("| {layer} | {threads} | {rate:.0} | {mb:.1} |");
            rows.push(json!({
                "layer": layer,
                "threads": threads,
                "lines_per_second": rate,
                "megabytes_per_second": mb,
            }));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/safe-log-bench");
    std::fs::create_dir_all(&dir)?;
    let text = serde_json::to_string_pretty(&rows).map_err(io::Error::other)?;
    std::fs::write(dir.join("throughput.json"), text)
}
