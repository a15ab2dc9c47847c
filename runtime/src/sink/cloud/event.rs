//! One event as one line: the header (severity, time, source location,
//! target, trace), the fields, then the tail (message, spans, dropped
//! count).

use core::fmt;
use std::cell::RefCell;
use std::time::SystemTime;

use tracing_core::{Event, Level, Metadata, Subscriber};
use tracing_log::NormalizeEvent;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::{LookupSpan, Scope};

use super::builder::REPORT_ROOM;
use super::escape::{push_display, push_str};
use super::fields::{TAIL, Writer, write_sorted};
use super::http::{HTTP_ROOM, HttpObject};
use super::json::{Collect, Entry, Json, Labels, Stream, Streaming};
use super::keys::{KeyCache, callsite_keys};
use super::spans::SpanFields;
use super::{CloudLogging, MAX_HEADER_STRING};
use crate::value::text::{rfc3339_bytes, write_rfc3339};

/// The message's member, written after the fields.
const MESSAGE_KEY: &[u8] = b",\"message\":";

/// The labels' member, written after the fields.
const LABELS_KEY: &[u8] = b",\"logging.googleapis.com/labels\":{";

/// The room a line keeps for the labels of an event that has some.
const LABEL_ROOM: usize = 8 * 1024;

/// The `@type` that makes a line a Cloud Error Reporting event.
const REPORT_TYPE: &[u8] = b",\"@type\":\"type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent\"";

/// Per-thread buffers, reused by every event: steady state allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    pub(crate) line: Vec<u8>,
    pub(crate) values: Vec<u8>,
    pub(crate) entries: Vec<Entry>,
    /// The message, written as a JSON string; empty when the event has none.
    pub(crate) message: Vec<u8>,
    /// What the writer needs to know of the keys of each callsite seen on
    /// this thread, studied once.
    pub(crate) keys: Option<KeyCache>,
    /// The event's labels (keys under `labels.`).
    pub(crate) labels: Labels,
    /// The event's `httpRequest`, from an `HttpRequest` among its values.
    pub(crate) http: HttpObject,
}

impl Buffers {
    pub(crate) fn clear(&mut self) {
        self.line.clear();
        self.values.clear();
        self.entries.clear();
        self.message.clear();
        self.labels.clear();
        self.http.clear();
    }
}

thread_local! {
    /// This thread's buffers.
    pub(super) static BUFFERS: RefCell<Buffers> = const {
        RefCell::new(Buffers {
            line: Vec::new(),
            values: Vec::new(),
            entries: Vec::new(),
            message: Vec::new(),
            keys: None,
            labels: Labels {
                members: Vec::new(),
                count: 0,
                room: 0,
            },
            http: HttpObject {
                members: Vec::new(),
                written: 0,
                room: 0,
            },
        })
    };
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

impl CloudLogging {
    /// Writes `event` as one line into `buffers.line`.
    pub(super) fn write_event<S>(
        &self,
        buffers: &mut Buffers,
        event: &Event<'_>,
        ctx: &Context<'_, S>,
    ) where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        buffers.clear();
        // A `log` record routed by `init()` arrives on the bridge's call
        // site; its own target, file and line travel as fields.
        // (The bridge's call sites have the target `log`: a cheap test first.)
        let log_record = if event.metadata().target() == "log" {
            event.normalized_metadata()
        } else {
            None
        };
        let meta = log_record.as_ref().unwrap_or(event.metadata());
        Self::write_header(&mut buffers.line, meta);
        self.write_trace(&mut buffers.line, event, ctx);
        let (dropped, error) = self.write_fields(buffers, event, log_record.is_some());
        let report = error && self.reports(meta);
        if !self.labels.is_empty() || !buffers.labels.members.is_empty() {
            self.write_labels(&mut buffers.line, &buffers.labels);
        }
        if !buffers.http.members.is_empty() {
            buffers.line.extend_from_slice(b",\"httpRequest\":{");
            buffers.line.extend_from_slice(&buffers.http.members);
            buffers.line.push(b'}');
        }
        self.write_tail(
            &mut buffers.line,
            &buffers.message,
            dropped,
            report.then_some(meta),
            event,
            ctx,
        );
    }

    /// `{"severity":..,"time":..,"logging.googleapis.com/sourceLocation":..,"target":..`
    fn write_header(line: &mut Vec<u8>, meta: &Metadata<'_>) {
        line.extend_from_slice(b"{\"severity\":\"");
        line.extend_from_slice(severity(*meta.level()));
        line.extend_from_slice(b"\",\"time\":\"");
        let now = SystemTime::now();
        match rfc3339_bytes(now) {
            Some(text) => line.extend_from_slice(&text),
            None => {
                let _ = write_rfc3339(&mut Bytes(line), now);
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
    }

    /// Whether an event at this level is reported to Error Reporting when
    /// it carries an error.
    fn reports(&self, meta: &Metadata<'_>) -> bool {
        self.error_reporting && *meta.level() == Level::ERROR
    }

    /// The message's cap for an event: smaller where Error Reporting's
    /// members may follow it.
    fn message_cap(&self, meta: &Metadata<'_>) -> usize {
        if self.reports(meta) {
            self.max_error_message
        } else {
            self.max_message
        }
    }

    /// The event's fields, and its message into `buffers.message`; returns
    /// how many fields were dropped, and whether one was an error. The
    /// message may come last among the fields: its room is kept while they
    /// are written. The fields of a `log` record that carry its call site
    /// are left out.
    fn write_fields(
        &self,
        buffers: &mut Buffers,
        event: &Event<'_>,
        log_record: bool,
    ) -> (usize, bool) {
        let Buffers {
            line,
            values,
            entries,
            message,
            keys,
            labels,
            http,
        } = buffers;
        let meta = event.metadata();
        let keys = callsite_keys(keys, meta, log_record);
        let max_message = self.message_cap(meta);
        let report = if self.reports(meta) { REPORT_ROOM } else { 0 };
        // The labels' and the `httpRequest`'s objects are written after the
        // fields: their room is kept.
        let mut objects_room = 0;
        if keys.labels || !self.labels.is_empty() {
            labels.room = if keys.labels {
                LABEL_ROOM.min(self.max_line / 8)
            } else {
                0
            };
            // Cloud Logging keeps 64 labels an entry: the layer's first.
            labels.count = self.label_count;
            objects_room += LABELS_KEY.len() + self.labels.len() + labels.room + 4;
        }
        if keys.http {
            http.room = HTTP_ROOM.min(self.max_line / 8);
            objects_room += http.room;
        }
        let room_after =
            |message: usize| message + MESSAGE_KEY.len() + TAIL + report + objects_room;
        let mut error = false;
        let dropped = if !self.nested || keys.in_order {
            let stream = Stream {
                labels,
                http,
                hidden: self.hide_debug.then_some(&*self.hidden_debug.0),
                error: &mut error,
                line,
                message,
                writer: Writer::new(
                    self.nested,
                    self.max_line.saturating_sub(room_after(max_message)),
                    MAX_HEADER_STRING,
                )
                .with_transitions(
                    if self.nested { &keys.transitions } else { &[] },
                    &keys.transition_bytes,
                ),
                infos: &keys.infos,
                max_string: self.max_string,
                max_message,
            };
            if keys.special {
                record_stream::<true>(stream, event)
            } else {
                record_stream::<false>(stream, event)
            }
        } else {
            event.record(&mut Json(Collect {
                labels,
                http,
                infos: &keys.infos,
                hidden: self.hide_debug.then_some(&*self.hidden_debug.0),
                error: &mut error,
                values,
                entries,
                message,
                max_string: self.max_string,
                max_message,
            }));
            let mut writer = Writer::new(
                true,
                self.max_line
                    .saturating_sub(room_after(message.len().max(2))),
                MAX_HEADER_STRING,
            );
            write_sorted(line, &mut writer, entries, values, &keys.infos);
            writer.finish(line)
        };
        (dropped, error)
    }

    /// `logging.googleapis.com/labels`: the layer's labels, then the
    /// event's (a key given by both is written twice, the event's last).
    #[cold]
    fn write_labels(&self, line: &mut Vec<u8>, labels: &Labels) {
        line.extend_from_slice(LABELS_KEY);
        line.extend_from_slice(&self.labels);
        if !self.labels.is_empty() && !labels.members.is_empty() {
            line.push(b',');
        }
        line.extend_from_slice(&labels.members);
        line.push(b'}');
    }

    /// Error Reporting's members: `@type`, `context.reportLocation` from the
    /// call site, and `serviceContext` when a service is known. Their room
    /// was kept while the fields were written.
    fn write_report(&self, line: &mut Vec<u8>, meta: &Metadata<'_>) {
        line.extend_from_slice(REPORT_TYPE);
        line.extend_from_slice(b",\"context\":{\"reportLocation\":{\"filePath\":");
        push_str(line, meta.file().unwrap_or(""), MAX_HEADER_STRING);
        line.extend_from_slice(b",\"lineNumber\":");
        let number = meta.line().map_or(0, |n| n.min(i32::MAX.unsigned_abs()));
        line.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
        line.extend_from_slice(b",\"functionName\":");
        push_str(line, meta.module_path().unwrap_or(""), MAX_HEADER_STRING);
        line.extend_from_slice(b"}}");
        if let Some(service) = &self.service {
            line.extend_from_slice(b",\"serviceContext\":{\"service\":");
            push_str(line, service, MAX_HEADER_STRING);
            if let Some(version) = &self.version {
                line.extend_from_slice(b",\"version\":");
                push_str(line, version, MAX_HEADER_STRING);
            }
            line.push(b'}');
        }
    }

    /// `,"message":..` if the event has one, Error Reporting's members
    /// (from `report`'s call site), the spans if they fit, the dropped count,
    /// `}` and the newline.
    fn write_tail<S>(
        &self,
        line: &mut Vec<u8>,
        message: &[u8],
        mut dropped: usize,
        report: Option<&Metadata<'_>>,
        event: &Event<'_>,
        ctx: &Context<'_, S>,
    ) where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        // A recorded message is a JSON string, never empty: an empty buffer
        // is an event without one.
        if !message.is_empty() {
            line.extend_from_slice(MESSAGE_KEY);
            line.extend_from_slice(message);
        }
        if let Some(meta) = report {
            self.write_report(line, meta);
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
        match ctx.event_scope(event) {
            Some(scope) => self.push_spans(line, scope),
            None => 0,
        }
    }

    /// `,"spans":[..]` from the root of `scope` to its leaf; nothing if it
    /// would not fit, and then returns 1 (a dropped field).
    fn push_spans<'a, R: LookupSpan<'a>>(&self, line: &mut Vec<u8>, scope: Scope<'a, R>) -> usize {
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
    push_display(line, &Trace(project, trace_id), 2 * MAX_HEADER_STRING);
}

impl CloudLogging {
    /// The line of a span that closes: its header, `elapsed`, `busy`, the
    /// message, and `spans` from the root to the closed span.
    pub(super) fn write_close<S>(
        &self,
        buffers: &mut Buffers,
        id: &tracing_core::span::Id,
        ctx: &Context<'_, S>,
    ) where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        buffers.clear();
        let Some(span) = ctx.span(id) else { return };
        let meta = span.metadata();
        let (elapsed, busy) = match span.extensions().get::<SpanFields>() {
            Some(fields) => (fields.created.map(|created| created.elapsed()), fields.busy),
            None => (None, std::time::Duration::ZERO),
        };
        let line = &mut buffers.line;
        Self::write_header(line, meta);
        if let Some(elapsed) = elapsed {
            line.extend_from_slice(b",\"elapsed\":");
            super::number::push_f64(line, elapsed.as_secs_f64());
        }
        line.extend_from_slice(b",\"busy\":");
        super::number::push_f64(line, busy.as_secs_f64());
        line.extend_from_slice(MESSAGE_KEY);
        push_display(line, &Closed(span.name()), MAX_HEADER_STRING);
        if self.push_spans(line, span.scope()) > 0 {
            line.extend_from_slice(b",\"droppedFields\":1");
        }
        line.extend_from_slice(b"}\n");
    }
}

/// `NAME closed`.
struct Closed<'a>(&'a str);

impl fmt::Display for Closed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} closed", self.0)
    }
}

/// Records `event` as it comes, through the visitor that tests for fields
/// which are not ordinary members only if `SPECIAL`; returns how many
/// fields were dropped.
#[inline]
fn record_stream<const SPECIAL: bool>(stream: Stream<'_>, event: &Event<'_>) -> usize {
    let mut json = Json(Streaming::<SPECIAL>(stream));
    event.record(&mut json);
    let Json(Streaming(Stream { writer, line, .. })) = json;
    writer.finish(line)
}
