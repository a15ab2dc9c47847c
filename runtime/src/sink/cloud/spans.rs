//! The fields a span brings to the lines of the events in it: each value
//! written as JSON through the same visitor as an event's fields when the
//! span records it, and the span's members (nested like an event's fields,
//! or flat) rendered again after each record, so that an event copies them.

use core::fmt;

use tracing_core::field::{Field, Visit};
use tracing_core::span::Record;

use std::sync::atomic::AtomicU64;

use tracing_core::Metadata;

use super::fields::Writer;
use super::json::{DebugText, Json, Sink};
use super::keys::{CallsiteKeys, KeyInfo};
use super::{CloudLogging, MAX_HEADER_STRING};

/// The fields a span brings to the lines of the events in it.
#[derive(Debug, Default)]
pub(super) struct SpanFields {
    /// Each field recorded so far: its index in the span's field set, its
    /// key and its value as JSON. A field recorded again replaces its value.
    values: Vec<(usize, &'static str, Vec<u8>)>,
    /// `,"key":value` members for the fields, nested or flat, ready to
    /// write after the span's name.
    pub(super) members: Vec<u8>,
    /// The value of the layer's trace id field, if the span has one.
    pub(super) trace_id: Option<String>,
    /// The value of the layer's span id field, if the span has one.
    pub(super) span_id: Option<String>,
    /// When the span was created, for its close line
    /// ([`Builder::span_close_lines`](super::Builder::span_close_lines)).
    pub(super) created: Option<std::time::Instant>,
    /// When it was last entered, if it is entered now.
    pub(super) entered: Option<std::time::Instant>,
    /// How long it was entered, in all.
    pub(super) busy: std::time::Duration,
}

impl CloudLogging {
    /// Records `values` into a span's `fields`, then renders its members.
    pub(super) fn record_span(
        &self,
        fields: &mut SpanFields,
        meta: &'static Metadata<'static>,
        values: &Record<'_>,
    ) {
        let SpanFields {
            values: recorded,
            members,
            trace_id,
            span_id,
            ..
        } = fields;
        let keys = CallsiteKeys::study(meta, false);
        values.record(&mut SpanVisitor {
            json: Json(Recorded {
                infos: &keys.infos,
                fields: recorded,
                max_string: self.max_string,
                hidden: self.hide_debug.then_some(&*self.hidden_debug.0),
            }),
            ids: Ids {
                trace_id,
                span_id,
                trace_id_field: self.trace_id_field,
                span_id_field: self.span_id_field,
            },
        });
        members.clear();
        if keys.in_order {
            recorded.sort_by_key(|(index, _, _)| *index);
        } else {
            recorded.sort_by_key(|(index, _, _)| keys.infos.get(*index).map_or(0, |i| i.rank));
        }
        // A span's members are not bounded by a line here: a line that
        // cannot hold them drops the spans whole.
        let mut writer = Writer::new(self.nested, usize::MAX, MAX_HEADER_STRING);
        for (index, key, value) in recorded.iter() {
            let info = keys.infos.get(*index).copied().unwrap_or_default();
            writer.member(members, *index, key, info, |out| {
                out.extend_from_slice(value);
            });
        }
        writer.finish(members);
    }
}

/// Where a span's values go: each field's JSON value, kept by index; a field
/// named `message` is a field like the others.
struct Recorded<'a> {
    infos: &'a [KeyInfo],
    fields: &'a mut Vec<(usize, &'static str, Vec<u8>)>,
    max_string: usize,
    hidden: Option<&'a AtomicU64>,
}

impl Sink for Recorded<'_> {
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let mut value = Vec::new();
        write(&mut value, self.max_string);
        let index = field.index();
        match self.fields.iter_mut().find(|(i, _, _)| *i == index) {
            Some(slot) => slot.2 = value,
            None => self.fields.push((index, field.name(), value)),
        }
    }

    fn message(&mut self) -> Option<(&mut Vec<u8>, usize)> {
        None
    }

    fn hidden_debug(&self) -> Option<&AtomicU64> {
        self.hidden
    }

    fn is_list(&self, field: &Field) -> bool {
        self.infos.get(field.index()).is_some_and(|info| info.list)
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
    json: Json<Recorded<'a>>,
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
