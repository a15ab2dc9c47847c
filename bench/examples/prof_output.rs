//! Runs the Cloud Logging layer of the output benchmark in a loop, for a
//! profiler.
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
    let subscriber =
        tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build());
    let _ = tracing::subscriber::set_global_default(subscriber);
    let d = diag();
    let start = std::time::Instant::now();
    for _ in 0..n {
        let d = black_box(&d);
        tracing::event!(
            tracing::Level::ERROR,
            diag.conn_id = d.conn_id,
            diag.user_id = d.user_id,
            diag.state = d.state.as_str(),
            diag.close_code = d.close_code,
            diag.message_count = d.message_count,
            diag.elapsed_ms = d.elapsed_ms,
            diag.peer.port = d.peer.port,
            diag.peer.route = d.peer.route,
            diag.retry = d.retry,
            diag.ratio = d.ratio,
            "websocket message processing failed"
        );
    }
    let per = start.elapsed() / u32::try_from(n).unwrap_or(u32::MAX);
    let t = std::time::Instant::now();
    for _ in 0..n {
        black_box(std::time::SystemTime::now());
    }
    let now = t.elapsed() / u32::try_from(n).unwrap_or(u32::MAX);
    println!("{per:?} per event; SystemTime::now: {now:?}");
}
