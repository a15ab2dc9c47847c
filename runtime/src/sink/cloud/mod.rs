//! The Google Cloud Logging JSON layer (feature `cloud-logging`): every
//! event as one JSON object per line on stdout, in the shape Cloud Logging's
//! agents (Cloud Run, GKE) parse into `jsonPayload`.
//!
//! ```json
//! {"severity":"ERROR","time":"2026-11-26T11:30:17.123456789Z",
//!  "logging.googleapis.com/sourceLocation":{"file":"src/ws.rs","line":"42","function":"demo::ws"},
//!  "target":"demo::ws",
//!  "diag":{"conn_id":7,"state":"connected","close":"abnormal","close.code":1011},
//!  "attempt":2,"message":"websocket message processing failed"}
//! ```
//! (one line in the output)
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // In `main` of an application: `RUST_LOG` filters (default `info`).
//! let lost_lines = safe_log::init()?;
//! safe_log::info!(port = 8080u16, "listening");
//! # let _ = lost_lines;
//! # Ok(())
//! # }
//! ```
//!
//! # The line
//!
//! - `severity`: TRACE and DEBUG are `DEBUG`, INFO `INFO`, WARN `WARNING`,
//!   ERROR `ERROR`. `message` follows the fields; an event without a
//!   message has none. `time` is RFC 3339 in UTC with nanoseconds.
//!   `logging.googleapis.com/sourceLocation` has the event's `file`, `line`
//!   (a string, as the API's JSON form writes an int64) and, as `function`,
//!   its module path (tracing knows no function name). `target` is the
//!   event's target.
//! - Trace correlation: with a project id ([`Builder::project_id`], or the
//!   `GOOGLE_CLOUD_PROJECT` environment variable) and a span in scope with a
//!   `trace_id` field ([`Builder::trace_id_field`]), the line has
//!   `logging.googleapis.com/trace` (`projects/PROJECT/traces/TRACE_ID`) and
//!   `logging.googleapis.com/spanId`: that span's `span_id` field, or its
//!   tracing id as 16 hex digits.
//! - The event's fields follow. Dotted keys are nested objects by default
//!   (`diag.state` is queryable as `jsonPayload.diag.state`); a key that holds
//!   a value and is also the prefix of other keys keeps its value, and the
//!   keys below it are written beside it with the rest of their path
//!   (`"close":"abnormal","close.code":1011`, queried as
//!   `jsonPayload.diag."close.code"`). [`Builder::flat`] writes every key as
//!   it is instead. A field named like a key the line writes itself
//!   (`severity`, `message`, `time`, `timestamp`, `httpRequest`, `target`,
//!   `spans`, `droppedFields`, `logging.googleapis.com/...`) is written with a
//!   leading `_`. The same key twice in one event is written once. Fields go
//!   in the order they come when their keys allow it (the keys under a prefix
//!   together, as safe-log records flatten them); otherwise in key order.
//! - The fields of the spans in scope follow, as `"spans":[{"name":..,
//!   field: value, ..}, ..]` from the root span to the current one, their
//!   keys as they are.
//! - Integers whose magnitude is 2^53 or more are decimal strings (Cloud
//!   Logging keeps numbers as doubles, which would round them); NaN and the
//!   infinities are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
//! - Strings escape `"`, `\`, every control character (C0, DEL, C1),
//!   U+2028, U+2029 and the bidi overrides U+202A..=U+202E, U+2066..=U+2069
//!   as `\uXXXX`: no value can break a line, forge one, or reorder what a
//!   reader sees.
//!
//! # Bounds
//!
//! A string is cut at [`Builder::max_string`] bytes (as written, escapes
//! included), on a char boundary, and ends with `…`. A line is at most
//! [`Builder::max_line`] bytes (default 250,000, under Cloud Logging's 256 KB
//! entry limit): over it, fields are dropped from the end (the spans first)
//! and `"droppedFields":N` says how many. `severity`, `message` (if any), `time`,
//! `sourceLocation` and `target` are always there, and the line is always
//! valid JSON.
//!
//! # Span close lines
//!
//! With [`Builder::span_close_lines`], a span that closes writes one line at
//! its level: `message` says which span closed (`"request closed"`), the
//! closed span is the innermost entry of `spans` with its fields, and the
//! line has `elapsed` (seconds from its creation to its close) and `busy`
//! (seconds it was entered), as floats. Off by default.
//!
//! # `log` records
//!
//! [`init`] routes the records of the `log` crate into the same subscriber:
//! each is a line like an event's, with the record's level, text (as
//! `message`), target, and the file and line of its `log::` call.
//!
//! # Totality
//!
//! Fields of ordinary tracing events (`?x`, `%x`, errors) are written as
//! strings through the same bounded writer; a `Debug` or `Display` that fails
//! leaves its text so far and `[fmt error]`, never a panic and never half a
//! line. Each line is one write, under a lock, so lines from many threads
//! never interleave. A writer that fails (closed pipe, full disk) never
//! panics: the line is lost and counted ([`LostLines`]). Buffers are reused:
//! an event allocates nothing in steady state.

mod builder;
mod escape;
mod event;
mod fields;
mod http;
mod json;
mod keys;
mod number;
mod spans;

use core::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

pub use self::builder::{Builder, DEFAULT_MAX_LINE, DEFAULT_MAX_STRING, MIN_MAX_LINE};
use self::event::{BUFFERS, Buffers};
pub use self::http::HttpRequest;
pub use self::json::DEBUG_HIDDEN;
use self::spans::SpanFields;

/// Caps of the header's strings other than the message.
const MAX_HEADER_STRING: usize = 512;

/// The number of lines a layer could not write, shared with the layer.
#[derive(Clone, Debug, Default)]
pub struct LostLines(Arc<AtomicU64>);

impl LostLines {
    /// How many lines were lost so far because the writer failed.
    #[must_use]
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The number of `Debug`-recorded values a layer hid (see
/// [`Builder::hide_debug_values`]), shared with the layer.
#[derive(Clone, Debug, Default)]
pub struct HiddenDebug(Arc<AtomicU64>);

impl HiddenDebug {
    /// How many values were hidden so far.
    #[must_use]
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A `tracing_subscriber::Layer` that writes every event as one Cloud
/// Logging JSON line. See the [module documentation](self).
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent options, each set by its own builder method"
)]
pub struct CloudLogging {
    writer: Mutex<Box<dyn Write + Send>>,
    lost: LostLines,
    project_id: Option<String>,
    trace_id_field: &'static str,
    span_id_field: &'static str,
    nested: bool,
    max_line: usize,
    max_string: usize,
    max_message: usize,
    /// The message's cap in a line that may be an Error Reporting event.
    max_error_message: usize,
    error_reporting: bool,
    service: Option<String>,
    version: Option<String>,
    hide_debug: bool,
    hidden_debug: HiddenDebug,
    /// Whether [`init_with`] routes `log` records into the subscriber.
    log_records: bool,
    /// Whether a closed span writes a line ([`Builder::span_close_lines`]).
    close_lines: bool,
    /// The layer's labels ([`Builder::label`]), as `"key":"value"` members.
    labels: Vec<u8>,
    /// How many they are.
    label_count: usize,
}

impl fmt::Debug for CloudLogging {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudLogging")
            .field("lost", &self.lost.get())
            .field("project_id", &self.project_id)
            .field("nested", &self.nested)
            .field("max_line", &self.max_line)
            .finish_non_exhaustive()
    }
}

impl CloudLogging {
    /// A layer writing to stdout with the default options.
    #[must_use]
    pub fn new() -> Self {
        Builder::default().build()
    }

    /// A builder, to set the writer and the options.
    #[must_use]
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The count of lines this layer could not write.
    #[must_use]
    pub fn lost_lines(&self) -> LostLines {
        self.lost.clone()
    }

    /// The count of `Debug`-recorded values this layer hid (see
    /// [`Builder::hide_debug_values`]).
    #[must_use]
    pub fn hidden_debug_values(&self) -> HiddenDebug {
        self.hidden_debug.clone()
    }

    /// Writes one finished line: one write, under the lock.
    fn emit(&self, line: &[u8]) {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if writer.write_all(line).is_err() {
            self.lost.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Default for CloudLogging {
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Layer<S> for CloudLogging
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        if self.close_lines {
            fields.created = Some(std::time::Instant::now());
        }
        self.record_span(&mut fields, attrs.metadata(), &Record::new(attrs.values()));
        span.extensions_mut().insert(fields);
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if !self.close_lines {
            return;
        }
        let Some(span) = ctx.span(id) else { return };
        if let Some(fields) = span.extensions_mut().get_mut::<SpanFields>() {
            fields.entered = Some(std::time::Instant::now());
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        if !self.close_lines {
            return;
        }
        let Some(span) = ctx.span(id) else { return };
        if let Some(fields) = span.extensions_mut().get_mut::<SpanFields>() {
            if let Some(entered) = fields.entered.take() {
                fields.busy += entered.elapsed();
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if !self.close_lines {
            return;
        }
        let written = BUFFERS.try_with(|buffers| {
            let Ok(mut buffers) = buffers.try_borrow_mut() else {
                return false;
            };
            self.write_close(&mut buffers, &id, &ctx);
            if !buffers.line.is_empty() {
                self.emit(&buffers.line);
            }
            true
        });
        if written != Ok(true) {
            let mut buffers = Buffers::default();
            self.write_close(&mut buffers, &id, &ctx);
            if !buffers.line.is_empty() {
                self.emit(&buffers.line);
            }
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            self.record_span(fields, span.metadata(), values);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let written = BUFFERS.try_with(|buffers| {
            let Ok(mut buffers) = buffers.try_borrow_mut() else {
                return false;
            };
            self.write_event(&mut buffers, event, &ctx);
            self.emit(&buffers.line);
            true
        });
        // An event logged while writing another on this thread (a `Debug`
        // that logs), or during thread teardown: a fresh buffer.
        if written != Ok(true) {
            let mut buffers = Buffers::default();
            self.write_event(&mut buffers, event, &ctx);
            self.emit(&buffers.line);
        }
    }
}

/// Whether [`init`] routed `log` records into its subscriber: safe-log's
/// own events then need not go to `log` as well (feature `log-always`), or
/// they would come back as a second line.
pub(crate) static LOG_BRIDGED: AtomicBool = AtomicBool::new(false);

/// Why [`init`] could not install the subscriber.
#[derive(Debug)]
pub struct InitError(InitErrorKind);

#[derive(Debug)]
enum InitErrorKind {
    Subscriber(tracing_core::dispatcher::SetGlobalDefaultError),
    Logger(log::SetLoggerError),
}

impl InitError {
    /// Whether the error is that a `log` logger was already set (then
    /// nothing was changed).
    #[must_use]
    pub fn is_log_logger_set(&self) -> bool {
        matches!(self.0, InitErrorKind::Logger(_))
    }
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            InitErrorKind::Subscriber(_) => f.write_str(
                "safe_log::init: a global tracing subscriber is already set; \
                 nothing was installed, and records of the `log` crate go to that subscriber",
            ),
            InitErrorKind::Logger(_) => f.write_str(
                "safe_log::init: a `log` logger is already set (env_logger?), so the records \
                 of the `log` crate would not reach this subscriber; nothing was installed: \
                 call init() before setting a logger, or build the layer with \
                 `Builder::log_records(false)` to keep that logger",
            ),
        }
    }
}

impl std::error::Error for InitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            InitErrorKind::Subscriber(error) => Some(error),
            InitErrorKind::Logger(error) => Some(error),
        }
    }
}

/// Installs the global subscriber of an application: a registry, an
/// `EnvFilter` from `RUST_LOG` (default `info`; invalid directives are
/// ignored), and the [`CloudLogging`] layer on stdout. Returns the count of
/// lines the layer could not write.
///
/// Records of the `log` crate (written by dependencies such as actix-web or
/// sqlx) become events of the same subscriber, as with tracing-subscriber's
/// `init()`: filtered by the same `RUST_LOG` (by their target and level),
/// written with their level, text, target and the file and line of their
/// `log::` call. [`Builder::log_records`] turns this off.
///
/// # Errors
///
/// When a `log` logger is already set (unless the layer was built with
/// `log_records(false)`), or a global tracing subscriber is. Nothing is
/// changed in the first case; in the second, `log` records go to the
/// subscriber already set.
pub fn init() -> Result<LostLines, InitError> {
    init_with(CloudLogging::new())
}

/// As [`init`], with a layer configured by a [`Builder`].
///
/// # Errors
///
/// As [`init`].
pub fn init_with(layer: CloudLogging) -> Result<LostLines, InitError> {
    use tracing_log::AsLog;
    use tracing_subscriber::layer::SubscriberExt;
    let lost = layer.lost_lines();
    let log_records = layer.log_records;
    let filter = tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing_core::LevelFilter::INFO.into())
        .from_env_lossy();
    // `log` checks its own maximum before anything else: the filter's, so
    // that a disabled `log::debug!` costs a comparison.
    let max_level =
        tracing_subscriber::layer::Layer::<tracing_subscriber::Registry>::max_level_hint(&filter)
            .unwrap_or(tracing_core::LevelFilter::TRACE);
    if log_records {
        // First, so that a logger already set changes nothing.
        tracing_log::LogTracer::builder()
            .with_max_level(max_level.as_log())
            .init()
            .map_err(|error| InitError(InitErrorKind::Logger(error)))?;
        LOG_BRIDGED.store(true, Ordering::Relaxed);
    }
    let subscriber = tracing_subscriber::registry().with(filter).with(layer);
    tracing_core::dispatcher::set_global_default(tracing_core::Dispatch::new(subscriber))
        .map_err(|error| InitError(InitErrorKind::Subscriber(error)))?;
    Ok(lost)
}
