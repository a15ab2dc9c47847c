//! The fields a span brings to the lines of the events in it, written once
//! when the span records them, through the same JSON visitor as an event's
//! fields.

use core::fmt;

use tracing_core::field::{Field, Visit};
use tracing_core::span::Record;

use super::fields::push_key;
use super::json::{DebugText, Json, Sink};
use super::{CloudLogging, MAX_HEADER_STRING};

/// The fields a span brings to the lines of the events in it.
#[derive(Debug, Default)]
pub(super) struct SpanFields {
    /// `,"key":value` for each field, ready to write.
    pub(super) members: Vec<u8>,
    /// The value of the layer's trace id field, if the span has one.
    pub(super) trace_id: Option<String>,
    /// The value of the layer's span id field, if the span has one.
    pub(super) span_id: Option<String>,
}

impl CloudLogging {
    /// Records `values` into a span's `fields`.
    pub(super) fn record_span(&self, fields: &mut SpanFields, values: &Record<'_>) {
        let SpanFields {
            members,
            trace_id,
            span_id,
        } = fields;
        values.record(&mut SpanVisitor {
            json: Json(Members {
                members,
                max_string: self.max_string,
            }),
            ids: Ids {
                trace_id,
                span_id,
                trace_id_field: self.trace_id_field,
                span_id_field: self.span_id_field,
            },
        });
    }
}

/// Where a span's values go: `,"key":value` members; a field named
/// `message` is a field like the others.
struct Members<'a> {
    members: &'a mut Vec<u8>,
    max_string: usize,
}

impl Sink for Members<'_> {
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        self.members.push(b',');
        push_key(self.members, field.name(), MAX_HEADER_STRING);
        write(self.members, self.max_string);
    }

    fn message(&mut self) -> Option<(&mut Vec<u8>, usize)> {
        None
    }
}

/// The trace and span ids a span's fields may hold, kept apart for trace
/// correlation.
struct Ids<'a> {
    trace_id: &'a mut Option<String>,
    span_id: &'a mut Option<String>,
    trace_id_field: &'static str,
    span_id_field: &'static str,
}

impl Ids<'_> {
    /// The slot of `field`, if it is one of the id fields.
    fn slot(&mut self, field: &Field) -> Option<&mut Option<String>> {
        if field.name() == self.trace_id_field {
            Some(self.trace_id)
        } else if field.name() == self.span_id_field {
            Some(self.span_id)
        } else {
            None
        }
    }

    /// Keeps `text` (at most 128 chars) if `field` is an id field.
    fn keep(&mut self, field: &Field, text: impl fmt::Display) {
        if let Some(slot) = self.slot(field) {
            let mut id = String::new();
            let _ = fmt::write(
                &mut id,
                format_args!("{}", crate::value::text::Total(&text)),
            );
            *slot = Some(id.chars().take(128).collect());
        }
    }
}

/// Writes every field as the event visitor does, and keeps the ids.
struct SpanVisitor<'a> {
    json: Json<Members<'a>>,
    ids: Ids<'a>,
}

impl Visit for SpanVisitor<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.json.record_f64(field, value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.json.record_i64(field, value);
        self.ids.keep(field, value);
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.json.record_u64(field, value);
        self.ids.keep(field, value);
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.json.record_i128(field, value);
        self.ids.keep(field, value);
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.json.record_u128(field, value);
        self.ids.keep(field, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.json.record_bool(field, value);
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.json.record_str(field, value);
        self.ids.keep(field, value);
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.json.record_error(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.json.record_debug(field, value);
        self.ids.keep(field, DebugText(value));
    }
}
