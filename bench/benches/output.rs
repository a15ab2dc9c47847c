//! The same 10-field event written as one JSON line, into `io::sink()`, by:
//! safe-log's Cloud Logging layer, tracing-subscriber's `fmt().json()`,
//! tracing-stackdriver, and a hand-written writer (itoa, ryu and an escape
//! loop into a reused `Vec`, no tracing) as the floor.
//!
//! `cargo bench -p safe-log-bench --bench output`

use std::hint::black_box;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use criterion::{Criterion, criterion_group, criterion_main};
use safe_log::cloud::CloudLogging;
use safe_log_bench::{Diag, diag};
use tracing_subscriber::layer::SubscriberExt;

/// The event every contender writes: a hand-written `tracing::event!` with
/// the record's 10 fields, so that each subscriber gets the same input.
fn event(d: &Diag) {
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

/// The floor: the Cloud Logging line for the same event, written by hand.
struct Floor {
    line: Vec<u8>,
}

impl Floor {
    fn string(&mut self, text: &str) {
        self.line.push(b'"');
        for &b in text.as_bytes() {
            match b {
                b'"' | b'\\' => self.line.extend_from_slice(&[b'\\', b]),
                0..0x20 | 0x7f => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.line.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xf)],
                    ]);
                }
                _ => self.line.push(b),
            }
        }
        self.line.push(b'"');
    }

    fn int(&mut self, n: u64) {
        self.line
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn time(&mut self) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let secs = now.as_secs();
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Howard Hinnant's civil_from_days, for dates after 1970.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z % 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        let _ = write!(
            self.line,
            "\"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:09}Z\"",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60,
            now.subsec_nanos()
        );
    }

    fn write(&mut self, d: &Diag, out: &mut impl Write) {
        self.line.clear();
        self.line
            .extend_from_slice(b"{\"severity\":\"ERROR\",\"message\":");
        self.string("websocket message processing failed");
        self.line.extend_from_slice(b",\"time\":");
        self.time();
        self.line
            .extend_from_slice(b",\"logging.googleapis.com/sourceLocation\":{\"file\":");
        self.string(file!());
        self.line.extend_from_slice(b",\"line\":\"");
        self.int(u64::from(line!()));
        self.line.extend_from_slice(b"\",\"function\":");
        self.string(module_path!());
        self.line.extend_from_slice(b"},\"target\":");
        self.string(module_path!());
        self.line.extend_from_slice(b",\"diag\":{\"close_code\":");
        self.int(u64::from(d.close_code));
        self.line.extend_from_slice(b",\"conn_id\":");
        self.int(d.conn_id);
        self.line.extend_from_slice(b",\"elapsed_ms\":");
        self.int(d.elapsed_ms);
        self.line.extend_from_slice(b",\"message_count\":");
        self.int(u64::from(d.message_count));
        self.line.extend_from_slice(b",\"peer\":{\"port\":");
        self.int(u64::from(d.peer.port));
        self.line.extend_from_slice(b",\"route\":");
        self.string(d.peer.route);
        self.line.extend_from_slice(b"},\"ratio\":");
        self.line
            .extend_from_slice(ryu::Buffer::new().format(d.ratio).as_bytes());
        self.line.extend_from_slice(b",\"retry\":");
        self.line
            .extend_from_slice(if d.retry { b"true" } else { b"false" });
        self.line.extend_from_slice(b",\"state\":");
        self.string(d.state.as_str());
        self.line.extend_from_slice(b",\"user_id\":");
        self.string(d.user_id);
        self.line.extend_from_slice(b"}}\n");
        let _ = out.write_all(&self.line);
    }
}

fn output(c: &mut Criterion) {
    let d = diag();
    let mut group = c.benchmark_group("output");

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(CloudLogging::builder().writer(io::sink()).build()),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("safe-log CloudLogging", |b| b.iter(|| event(black_box(&d))));
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .json()
            .with_writer(io::sink)
            .finish(),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-subscriber json", |b| {
            b.iter(|| event(black_box(&d)));
        });
    });

    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::registry().with(tracing_stackdriver::layer().with_writer(io::sink)),
    );
    tracing::dispatcher::with_default(&dispatch, || {
        group.bench_function("tracing-stackdriver", |b| b.iter(|| event(black_box(&d))));
    });

    let mut floor = Floor { line: Vec::new() };
    let mut sink = io::sink();
    group.bench_function("hand-written floor", |b| {
        b.iter(|| floor.write(black_box(&d), &mut sink));
    });
    group.finish();
}

criterion_group!(benches, output);
criterion_main!(benches);
