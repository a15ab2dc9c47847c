//! Shared pieces of the benchmarks: the records they log and the
//! subscribers they log into.

use std::fmt;
use std::hint::black_box;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use safe_log::SafeLog;
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::subscriber::{Interest, Subscriber};
use tracing_core::{Event, Level, LevelFilter, Metadata};

/// The connection state of the diagnostic record.
#[derive(SafeLog, serde::Serialize, Debug, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum WebSocketState {
    /// Open.
    Connected,
    /// Closing.
    ClosingHandshake,
}

impl WebSocketState {
    /// The name `SafeLog` writes, for the hand-written contenders.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            WebSocketState::Connected => "connected",
            WebSocketState::ClosingHandshake => "closing_handshake",
        }
    }
}

/// A peer, nested in the record.
#[derive(SafeLog, serde::Serialize, Debug, Clone)]
pub struct Peer {
    /// Port.
    pub port: u16,
    /// Route.
    pub route: &'static str,
}

/// A diagnostic record of 10 leaves: the realistic event of the benchmarks.
/// It also derives `serde::Serialize` and `Debug`, for the contenders that
/// need them.
#[derive(SafeLog, serde::Serialize, Debug, Clone)]
pub struct Diag {
    /// Connection id.
    pub conn_id: u64,
    /// User id.
    pub user_id: &'static str,
    /// State.
    pub state: WebSocketState,
    /// Close code.
    pub close_code: u16,
    /// Messages so far.
    pub message_count: u32,
    /// Elapsed milliseconds.
    pub elapsed_ms: u64,
    /// The peer (2 leaves).
    pub peer: Peer,
    /// Whether the handler will retry.
    pub retry: bool,
    /// A ratio.
    pub ratio: f64,
}

/// The record every benchmark logs.
#[must_use]
pub fn diag() -> Diag {
    Diag {
        conn_id: 7_340_032,
        user_id: "u-1042",
        state: WebSocketState::Connected,
        close_code: 1011,
        message_count: 12,
        elapsed_ms: 8250,
        peer: Peer {
            port: 50412,
            route: "/ws/chat",
        },
        retry: true,
        ratio: 0.75,
    }
}

/// A subscriber that takes events up to INFO and visits every field of
/// each, as a real formatter would, without writing anything.
#[derive(Debug, Default)]
pub struct VisitAll;

struct Sum(u64);

impl Visit for Sum {
    fn record_u64(&mut self, _: &Field, value: u64) {
        self.0 = self.0.wrapping_add(value);
    }
    fn record_i64(&mut self, _: &Field, value: i64) {
        self.0 = self.0.wrapping_add(value.unsigned_abs());
    }
    fn record_bool(&mut self, _: &Field, value: bool) {
        self.0 = self.0.wrapping_add(u64::from(value));
    }
    fn record_f64(&mut self, _: &Field, value: f64) {
        self.0 = self.0.wrapping_add(value.to_bits());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0 = self
            .0
            .wrapping_add((value.len() + field.name().len()) as u64);
    }
    fn record_debug(&mut self, _: &Field, value: &dyn fmt::Debug) {
        // A real subscriber formats a `Debug` value: so does this one, into
        // a writer that only counts.
        let mut count = Count(0);
        let _ = fmt::write(&mut count, format_args!("{value:?}"));
        self.0 = self.0.wrapping_add(count.0 as u64);
    }
}

/// A `fmt::Write` that counts bytes and keeps none.
struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

impl Subscriber for VisitAll {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if *meta.level() <= Level::INFO {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::INFO)
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        *meta.level() <= Level::INFO
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        // A real subscriber reads a span's fields: so does this one.
        let mut sum = Sum(0);
        attrs.record(&mut sum);
        black_box(sum.0);
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut sum = Sum(0);
        event.record(&mut sum);
        black_box(sum.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// The floor: the Cloud Logging line for the same event, written by hand.
#[derive(Debug, Default)]
pub struct Floor {
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

    /// Writes the line of `d` to `out`.
    pub fn write(&mut self, d: &Diag, out: &mut impl Write) {
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

/// The hand-written `tracing::event!` with the record's 10 fields: the
/// baseline of emission, and the input every output contender receives.
pub fn tracing_event(d: &Diag) {
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

/// A small event, three primitives and a message, by hand with tracing.
#[inline(never)]
pub fn tracing_small(conn_id: u64, user_id: &str, retry: bool) {
    tracing::error!(
        conn_id,
        user_id,
        retry,
        "websocket message processing failed"
    );
}

/// [`tracing_small`] with safe-log.
#[inline(never)]
pub fn safe_small(conn_id: u64, user_id: &str, retry: bool) {
    safe_log::error!(
        conn_id,
        user_id,
        retry,
        "websocket message processing failed"
    );
}

/// [`tracing_event`] at DEBUG: disabled under the benchmarks' subscribers.
pub fn tracing_event_disabled(d: &Diag) {
    tracing::event!(
        tracing::Level::DEBUG,
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

/// The same event through slog, with the same 10 keys.
pub fn slog_event(logger: &slog::Logger, d: &Diag) {
    slog::error!(logger, "websocket message processing failed";
        "diag.conn_id" => d.conn_id,
        "diag.user_id" => d.user_id,
        "diag.state" => d.state.as_str(),
        "diag.close_code" => d.close_code,
        "diag.message_count" => d.message_count,
        "diag.elapsed_ms" => d.elapsed_ms,
        "diag.peer.port" => d.peer.port,
        "diag.peer.route" => d.peer.route,
        "diag.retry" => d.retry,
        "diag.ratio" => d.ratio,
    );
}

/// A slog logger writing JSON (with slog-json's default keys: time, level,
/// message) into `io::sink()`.
pub fn slog_json_logger() -> slog::Logger {
    use slog::Drain;
    let drain = slog_json::Json::new(std::io::sink())
        .add_default_keys()
        .build();
    slog::Logger::root(std::sync::Mutex::new(drain).fuse(), slog::o!())
}

/// The error of the error-path benchmark: three deep, as services write it
/// (a request error, over an upstream error whose message repeats its
/// source's, over an `io::Error`).
#[derive(Debug)]
pub struct RequestError(pub UpstreamError);

/// The middle of [`RequestError`]'s chain.
#[derive(Debug)]
pub struct UpstreamError(pub std::io::Error);

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("request failed")
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "upstream refused: {}", self.0)
    }
}

impl std::error::Error for UpstreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// The values of the error-path event: an error, a request id, a URI.
#[must_use]
pub fn error_values() -> (RequestError, uuid::Uuid, http::Uri) {
    let error = RequestError(UpstreamError(std::io::Error::new(
        std::io::ErrorKind::ConnectionRefused,
        "connection refused",
    )));
    let id = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let uri = http::Uri::from_static("https://api.example.com/v1/rooms/42?watch=true");
    (error, id, uri)
}

/// The error-path event with its values.
#[inline(never)]
pub fn error_event(error: &RequestError, id: &uuid::Uuid, uri: &http::Uri) {
    safe_log::error!(error, request.id = id, uri, "request failed");
}

/// The same event with its values rendered beforehand, as `&str`: the
/// baseline of the error-path benchmark.
#[inline(never)]
pub fn error_event_prerendered(error: &str, id: &str, uri: &str) {
    safe_log::error!(error, request.id = id, uri, "request failed");
}

/// The texts [`error_event_prerendered`] logs, rendered once.
#[must_use]
pub fn error_texts(error: &RequestError, id: &uuid::Uuid, uri: &http::Uri) -> [String; 3] {
    [
        safe_log::ErrorChain(error).to_string(),
        id.hyphenated().to_string(),
        uri.to_string(),
    ]
}

/// The same event with its values rendered for each event with
/// `to_string()`, as a service without error values writes it.
#[inline(never)]
pub fn error_event_to_string(error: &RequestError, id: &uuid::Uuid, uri: &http::Uri) {
    safe_log::error!(
        error = safe_log::ErrorChain(error).to_string(),
        request.id = id.hyphenated().to_string(),
        uri = uri.to_string(),
        "request failed"
    );
}

/// A `log` logger that takes records up to INFO and visits every key-value
/// of each, as a real one would, without writing anything.
#[derive(Debug, Default)]
pub struct VisitAllLog;

struct SumKv(u64);

impl<'kvs> log::kv::VisitSource<'kvs> for SumKv {
    fn visit_pair(
        &mut self,
        key: log::kv::Key<'kvs>,
        value: log::kv::Value<'kvs>,
    ) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(key.as_str().len() as u64);
        value.visit(self)
    }
}

impl log::kv::VisitValue<'_> for SumKv {
    fn visit_any(&mut self, value: log::kv::Value<'_>) -> Result<(), log::kv::Error> {
        // A value given by its `Display`: formatted, as a real logger does.
        let mut count = Count(0);
        let _ = fmt::write(&mut count, format_args!("{value}"));
        self.0 = self.0.wrapping_add(count.0 as u64);
        Ok(())
    }
    fn visit_u64(&mut self, value: u64) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(value);
        Ok(())
    }
    fn visit_i64(&mut self, value: i64) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(value.unsigned_abs());
        Ok(())
    }
    fn visit_f64(&mut self, value: f64) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(value.to_bits());
        Ok(())
    }
    fn visit_bool(&mut self, value: bool) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(u64::from(value));
        Ok(())
    }
    fn visit_str(&mut self, value: &str) -> Result<(), log::kv::Error> {
        self.0 = self.0.wrapping_add(value.len() as u64);
        Ok(())
    }
}

impl log::Log for VisitAllLog {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record<'_>) {
        let mut sum = SumKv(0);
        let _ = record.key_values().visit(&mut sum);
        let mut count = Count(0);
        let _ = fmt::write(&mut count, *record.args());
        black_box((sum.0, count.0));
    }

    fn flush(&self) {}
}

/// Installs [`VisitAllLog`] as `log`'s logger, INFO and above; no tracing
/// subscriber is set, so safe-log's events go to `log`.
pub fn install_visit_all_log() {
    let _ = log::set_logger(&VisitAllLog);
    log::set_max_level(log::LevelFilter::Info);
}

/// The 10-field event written by hand with `log::error!`'s key-values, as
/// safe-log's event flattens [`Diag`].
#[inline(never)]
pub fn log_event(d: &Diag) {
    log::error!(
        "diag.conn_id" = d.conn_id,
        "diag.user_id" = d.user_id,
        "diag.state" = d.state.as_str(),
        "diag.close_code" = d.close_code,
        "diag.message_count" = d.message_count,
        "diag.elapsed_ms" = d.elapsed_ms,
        "diag.peer.port" = d.peer.port,
        "diag.peer.route" = d.peer.route,
        "diag.retry" = d.retry,
        "diag.ratio" = d.ratio;
        "websocket message processing failed"
    );
}

/// [`log_event`] at DEBUG, which [`VisitAllLog`] does not take.
#[inline(never)]
pub fn log_event_disabled(d: &Diag) {
    log::debug!(
        "diag.conn_id" = d.conn_id,
        "diag.user_id" = d.user_id,
        "diag.state" = d.state.as_str(),
        "diag.close_code" = d.close_code,
        "diag.message_count" = d.message_count,
        "diag.elapsed_ms" = d.elapsed_ms,
        "diag.peer.port" = d.peer.port,
        "diag.peer.route" = d.peer.route,
        "diag.retry" = d.retry,
        "diag.ratio" = d.ratio;
        "websocket message processing failed"
    );
}

/// The 10-field span written by hand with `tracing::info_span!`, as
/// safe-log's span flattens [`Diag`], entered and exited.
#[inline(never)]
pub fn tracing_span(d: &Diag) {
    let span = tracing::info_span!(
        "connection",
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
    );
    let _entered = span.enter();
}

/// [`tracing_span`] at DEBUG, which [`VisitAll`] does not take.
#[inline(never)]
pub fn tracing_span_disabled(d: &Diag) {
    let span = tracing::debug_span!(
        "connection",
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
    );
    let _entered = span.enter();
}

/// The same span with safe-log, entered and exited.
#[inline(never)]
pub fn safe_span(d: &Diag) {
    let span = safe_log::info_span!("connection", diag = d);
    let _entered = span.enter();
}

/// [`safe_span`] at DEBUG.
#[inline(never)]
pub fn safe_span_disabled(d: &Diag) {
    let span = safe_log::debug_span!("connection", diag = d);
    let _entered = span.enter();
}

/// A function with 3 arguments through `#[safe_log::instrument]`.
#[safe_log::instrument]
#[inline(never)]
pub fn instrumented(conn_id: u64, route: &str, retry: bool) -> u64 {
    black_box(conn_id) + u64::from(retry) + route.len() as u64
}

/// [`instrumented`] at DEBUG.
#[safe_log::instrument(level = "debug")]
#[inline(never)]
pub fn instrumented_disabled(conn_id: u64, route: &str, retry: bool) -> u64 {
    black_box(conn_id) + u64::from(retry) + route.len() as u64
}

/// What `#[tracing::instrument]` makes of the same function (tracing's
/// expansion for a sync function whose arguments are primitives: a span
/// with each argument as a field, entered around the body).
#[inline(never)]
pub fn traced(conn_id: u64, route: &str, retry: bool) -> u64 {
    let span = tracing::info_span!("traced", conn_id, route, retry);
    let _entered = span.enter();
    black_box(conn_id) + u64::from(retry) + route.len() as u64
}

/// [`traced`] at DEBUG.
#[inline(never)]
pub fn traced_disabled(conn_id: u64, route: &str, retry: bool) -> u64 {
    let span = tracing::debug_span!("traced", conn_id, route, retry);
    let _entered = span.enter();
    black_box(conn_id) + u64::from(retry) + route.len() as u64
}

/// The target directory the benchmarks were built into: `CARGO_TARGET_DIR`
/// when set (relative to the workspace, as cargo reads it), else the
/// workspace's `target`.
#[must_use]
pub fn target_dir() -> std::path::PathBuf {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace.join(dir),
        _ => workspace.join("target"),
    }
}
