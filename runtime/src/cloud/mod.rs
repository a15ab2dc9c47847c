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
//!   ERROR `ERROR`. `message` is always present (`""` for an event without
//!   one), after the fields. `time` is RFC 3339 in UTC with nanoseconds.
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
//! and `"droppedFields":N` says how many. `severity`, `message`, `time`,
//! `sourceLocation` and `target` are always there, and the line is always
//! valid JSON.
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

mod escape;
mod line;

use core::fmt;
use std::cell::RefCell;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use self::escape::{MIN_STRING, push_str};
use self::line::{Buffers, Collect, Json, Stream, TAIL, Writer};

/// The message's member, written after the fields.
const MESSAGE_KEY: &[u8] = b",\"message\":";

/// The default [`Builder::max_line`]: under Cloud Logging's 256 KB limit on
/// an entry, with room for the agent's own metadata.
pub const DEFAULT_MAX_LINE: usize = 250_000;

/// The default [`Builder::max_string`].
pub const DEFAULT_MAX_STRING: usize = 16 * 1024;

/// The smallest [`Builder::max_line`]: the header of a line (without its
/// message) fits in it with room to spare.
pub const MIN_MAX_LINE: usize = 8 * 1024;

/// Caps of the header's strings other than the message.
const MAX_HEADER_STRING: usize = 512;
/// Room in a line for the header without its message.
const HEADER_ROOM: usize = 4 * 1024;

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

/// Configures a [`CloudLogging`] layer.
pub struct Builder {
    writer: Box<dyn Write + Send>,
    project_id: Option<String>,
    trace_id_field: &'static str,
    span_id_field: &'static str,
    nested: bool,
    max_line: usize,
    max_string: usize,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("project_id", &self.project_id)
            .field("trace_id_field", &self.trace_id_field)
            .field("span_id_field", &self.span_id_field)
            .field("nested", &self.nested)
            .field("max_line", &self.max_line)
            .field("max_string", &self.max_string)
            .finish_non_exhaustive()
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            writer: Box::new(io::stdout()),
            project_id: std::env::var("GOOGLE_CLOUD_PROJECT")
                .ok()
                .filter(|p| !p.is_empty()),
            trace_id_field: "trace_id",
            span_id_field: "span_id",
            nested: true,
            max_line: DEFAULT_MAX_LINE,
            max_string: DEFAULT_MAX_STRING,
        }
    }
}

impl Builder {
    /// Writes lines to `writer` instead of stdout.
    #[must_use]
    pub fn writer(mut self, writer: impl Write + Send + 'static) -> Self {
        self.writer = Box::new(writer);
        self
    }

    /// The Google Cloud project of trace ids (default: the
    /// `GOOGLE_CLOUD_PROJECT` environment variable, if set).
    #[must_use]
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into()).filter(|p| !p.is_empty());
        self
    }

    /// The span field holding a trace id (default `trace_id`).
    #[must_use]
    pub fn trace_id_field(mut self, name: &'static str) -> Self {
        self.trace_id_field = name;
        self
    }

    /// The span field holding a span id (default `span_id`).
    #[must_use]
    pub fn span_id_field(mut self, name: &'static str) -> Self {
        self.span_id_field = name;
        self
    }

    /// Writes dotted keys as they are (`"diag.state":..`) instead of as
    /// nested objects.
    #[must_use]
    pub fn flat(mut self) -> Self {
        self.nested = false;
        self
    }

    /// The largest line, in bytes, newline included (at least
    /// [`MIN_MAX_LINE`]).
    #[must_use]
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.max_line = bytes.max(MIN_MAX_LINE);
        self
    }

    /// The largest string value, in bytes as written (quotes and escapes
    /// included).
    #[must_use]
    pub fn max_string(mut self, bytes: usize) -> Self {
        self.max_string = bytes.max(MIN_STRING);
        self
    }

    /// The layer.
    #[must_use]
    pub fn build(self) -> CloudLogging {
        let max_message = self.max_string.min(self.max_line - HEADER_ROOM);
        CloudLogging {
            writer: Mutex::new(self.writer),
            lost: LostLines::default(),
            project_id: self.project_id,
            trace_id_field: self.trace_id_field,
            span_id_field: self.span_id_field,
            nested: self.nested,
            max_line: self.max_line,
            max_string: self.max_string.min(max_message),
            max_message,
        }
    }
}

/// A `tracing_subscriber::Layer` that writes every event as one Cloud
/// Logging JSON line. See the [module documentation](self).
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

fn severity(level: Level) -> &'static [u8] {
    match level {
        Level::ERROR => b"ERROR",
        Level::WARN => b"WARNING",
        Level::INFO => b"INFO",
        _ => b"DEBUG",
    }
}

/// `fmt::Write` into a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = const {
        RefCell::new(Buffers {
            line: Vec::new(),
            values: Vec::new(),
            entries: Vec::new(),
            message: Vec::new(),
            keys: None,
        })
    };
}

/// The fields a span brings to the lines of the events in it.
#[derive(Debug, Default)]
struct SpanFields {
    /// `,"key":value` for each field, ready to write.
    members: Vec<u8>,
    trace_id: Option<String>,
    span_id: Option<String>,
}

/// Records a span's fields.
struct SpanVisitor<'a> {
    fields: &'a mut SpanFields,
    trace_id_field: &'static str,
    span_id_field: &'static str,
    max_string: usize,
}

impl SpanVisitor<'_> {
    fn member(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>)) {
        let out = &mut self.fields.members;
        out.push(b',');
        line::push_key(out, field.name(), MAX_HEADER_STRING);
        write(out);
    }

    fn id(&mut self, field: &Field, text: &str) {
        let text: String = text.chars().take(128).collect();
        if field.name() == self.trace_id_field {
            self.fields.trace_id = Some(text);
        } else if field.name() == self.span_id_field {
            self.fields.span_id = Some(text);
        }
    }
}

impl Visit for SpanVisitor<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.member(field, |out| line::push_f64(out, value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.member(field, |out| line::push_i128(out, i128::from(value)));
        self.id(field, &value.to_string());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.member(field, |out| line::push_u128(out, u128::from(value)));
        self.id(field, &value.to_string());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.member(field, |out| {
            out.extend_from_slice(if value { b"true" } else { b"false" });
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let cap = self.max_string;
        self.member(field, |out| push_str(out, value, cap));
        self.id(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let cap = self.max_string;
        let text = line::DebugText(value);
        self.member(field, |out| escape::push_display(out, &text, cap));
        if field.name() == self.trace_id_field || field.name() == self.span_id_field {
            let mut id = String::new();
            let _ = fmt::write(&mut id, format_args!("{}", crate::text::Total(&text)));
            self.id(field, &id);
        }
    }
}

impl<S> Layer<S> for CloudLogging
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = SpanFields::default();
        attrs.record(&mut SpanVisitor {
            fields: &mut fields,
            trace_id_field: self.trace_id_field,
            span_id_field: self.span_id_field,
            max_string: self.max_string,
        });
        span.extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            values.record(&mut SpanVisitor {
                fields,
                trace_id_field: self.trace_id_field,
                span_id_field: self.span_id_field,
                max_string: self.max_string,
            });
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

impl CloudLogging {
    fn write_event<S>(&self, buffers: &mut Buffers, event: &Event<'_>, ctx: &Context<'_, S>)
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        buffers.clear();
        let meta = event.metadata();
        let Buffers {
            line,
            values,
            entries,
            message,
            keys,
        } = buffers;
        let keys = line::callsite_keys(keys, meta);

        line.extend_from_slice(b"{\"severity\":\"");
        line.extend_from_slice(severity(*meta.level()));
        line.extend_from_slice(b"\",\"time\":\"");
        let now = SystemTime::now();
        match crate::text::rfc3339_bytes(now) {
            Some(text) => line.extend_from_slice(&text),
            None => {
                let _ = crate::text::write_rfc3339(&mut Bytes(line), now);
            }
        }
        line.extend_from_slice(b"\",\"logging.googleapis.com/sourceLocation\":{\"file\":");
        push_str(line, meta.file().unwrap_or(""), MAX_HEADER_STRING);
        line.extend_from_slice(b",\"line\":\"");
        line.extend_from_slice(
            itoa::Buffer::new()
                .format(meta.line().unwrap_or(0))
                .as_bytes(),
        );
        line.extend_from_slice(b"\",\"function\":");
        push_str(line, meta.module_path().unwrap_or(""), MAX_HEADER_STRING);
        line.extend_from_slice(b"},\"target\":");
        push_str(line, meta.target(), MAX_HEADER_STRING);
        self.write_trace(line, event, ctx);

        // The fields, then the message, which may come last among them:
        // its room is kept while the fields are written.
        let room_after = |message: usize| message + MESSAGE_KEY.len() + TAIL;
        let mut dropped = if !self.nested || keys.in_order {
            let mut stream = Json(Stream {
                line,
                message,
                writer: Writer::new(
                    self.nested,
                    self.max_line - room_after(self.max_message),
                    MAX_HEADER_STRING,
                ),
                infos: &keys.infos,
                max_string: self.max_string,
                max_message: self.max_message,
            });
            event.record(&mut stream);
            stream.0.writer.finish(line)
        } else {
            event.record(&mut Json(Collect {
                values,
                entries,
                message,
                max_string: self.max_string,
                max_message: self.max_message,
            }));
            let mut writer = Writer::new(
                true,
                self.max_line - room_after(message.len().max(2)),
                MAX_HEADER_STRING,
            );
            line::write_sorted(line, &mut writer, entries, values, &keys.infos);
            writer.finish(line)
        };
        line.extend_from_slice(MESSAGE_KEY);
        if message.is_empty() {
            line.extend_from_slice(b"\"\"");
        } else {
            line.extend_from_slice(message);
        }
        if dropped == 0 {
            dropped += self.write_spans(line, event, ctx);
        } else if ctx.event_scope(event).is_some() {
            // Spans come after the fields, so they are dropped first.
            dropped += 1;
        }
        if dropped > 0 {
            line.extend_from_slice(b",\"droppedFields\":");
            line.extend_from_slice(itoa::Buffer::new().format(dropped).as_bytes());
        }
        line.extend_from_slice(b"}\n");
    }

    /// `logging.googleapis.com/trace`, from the nearest span in scope with a
    /// trace id, and `logging.googleapis.com/spanId`: the nearest span id
    /// field up to that span, or the current span's own id.
    fn write_trace<S>(&self, line: &mut Vec<u8>, event: &Event<'_>, ctx: &Context<'_, S>)
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let Some(project) = &self.project_id else {
            return;
        };
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        // Where the trace id and the span id are, leaf first; read again
        // below rather than copied, so nothing is allocated.
        let mut current = None;
        let mut span_id_at = None;
        let mut trace_at = None;
        for (depth, span) in scope.enumerate() {
            current.get_or_insert_with(|| span.id().into_u64());
            let extensions = span.extensions();
            let Some(fields) = extensions.get::<SpanFields>() else {
                continue;
            };
            if span_id_at.is_none() && fields.span_id.is_some() {
                span_id_at = Some(depth);
            }
            if fields.trace_id.is_some() {
                trace_at = Some(depth);
                break;
            }
        }
        let (Some(trace_at), Some(scope)) = (trace_at, ctx.event_scope(event)) else {
            return;
        };
        for (depth, span) in scope.enumerate().take(trace_at + 1) {
            let extensions = span.extensions();
            let Some(fields) = extensions.get::<SpanFields>() else {
                continue;
            };
            if let (Some(span_id), true) = (&fields.span_id, span_id_at == Some(depth)) {
                line.extend_from_slice(b",\"logging.googleapis.com/spanId\":");
                push_str(line, span_id, MAX_HEADER_STRING);
            }
            if let (Some(trace_id), true) = (&fields.trace_id, depth == trace_at) {
                line.extend_from_slice(b",\"logging.googleapis.com/trace\":");
                push_trace(line, project, trace_id);
            }
        }
        if span_id_at.is_none() {
            let _ = fmt::write(
                &mut Bytes(line),
                format_args!(
                    ",\"logging.googleapis.com/spanId\":\"{:016x}\"",
                    current.unwrap_or(0)
                ),
            );
        }
    }

    /// `"spans":[...]`, root first; returns 1 if it did not fit.
    fn write_spans<S>(&self, line: &mut Vec<u8>, event: &Event<'_>, ctx: &Context<'_, S>) -> usize
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let Some(scope) = ctx.event_scope(event) else {
            return 0;
        };
        let mark = line.len();
        line.extend_from_slice(b",\"spans\":[");
        let mut first = true;
        for span in scope.from_root() {
            if !first {
                line.push(b',');
            }
            first = false;
            line.extend_from_slice(b"{\"name\":");
            push_str(line, span.name(), MAX_HEADER_STRING);
            if let Some(fields) = span.extensions().get::<SpanFields>() {
                line.extend_from_slice(&fields.members);
            }
            line.push(b'}');
            if line.len() + TAIL > self.max_line {
                line.truncate(mark);
                return 1;
            }
        }
        line.push(b']');
        0
    }
}

/// `"projects/PROJECT/traces/TRACE_ID"`, escaped as one string.
fn push_trace(line: &mut Vec<u8>, project: &str, trace_id: &str) {
    struct Trace<'a>(&'a str, &'a str);
    impl fmt::Display for Trace<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "projects/{}/traces/{}", self.0, self.1)
        }
    }
    escape::push_display(line, &Trace(project, trace_id), 2 * MAX_HEADER_STRING);
}

/// Why [`init`] could not install the subscriber.
#[derive(Debug)]
pub struct InitError(tracing_core::dispatcher::SetGlobalDefaultError);

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "safe_log::init: {}", self.0)
    }
}

impl std::error::Error for InitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Installs the global subscriber of an application: a registry, an
/// `EnvFilter` from `RUST_LOG` (default `info`; invalid directives are
/// ignored), and the [`CloudLogging`] layer on stdout. Returns the count of
/// lines the layer could not write.
///
/// # Errors
///
/// When a global subscriber is already set; nothing is changed then.
pub fn init() -> Result<LostLines, InitError> {
    init_with(CloudLogging::new())
}

/// As [`init`], with a layer configured by a [`Builder`].
///
/// # Errors
///
/// When a global subscriber is already set; nothing is changed then.
pub fn init_with(layer: CloudLogging) -> Result<LostLines, InitError> {
    use tracing_subscriber::layer::SubscriberExt;
    let lost = layer.lost_lines();
    let filter = tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing_core::LevelFilter::INFO.into())
        .from_env_lossy();
    let subscriber = tracing_subscriber::registry().with(filter).with(layer);
    tracing_core::dispatcher::set_global_default(tracing_core::Dispatch::new(subscriber))
        .map_err(InitError)?;
    Ok(lost)
}
