//! `safe_log::record!`: a value recorded into a span's declared field.

use core::fmt::{self, Write as _};

use tracing_core::field::Value as TracingValue;

use super::args::{Arg, ErasedArg};
use crate::value::text::Total;
use crate::{Keys, Value, Visitor};

/// Records `value` under `key` into `span`: each of its flattened keys
/// (`key.sub`) into the span field of that name. A key the span did not
/// declare records nothing (tracing's rule): declare it when the span is
/// made, with [`empty`](crate::empty).
pub fn record<S: ?Sized, V: ErasedArg>(span: &tracing::Span, key: &str, value: &Arg<S, V>) {
    record_erased(span, key, value.value());
}

fn record_erased(span: &tracing::Span, key: &str, value: &dyn ErasedArg) {
    if span.is_disabled() {
        return;
    }
    let mut keys = Keys::new(key);
    value.describe(&mut keys);
    let keys = keys.into_keys();
    let mut visitor = RecordInto {
        span,
        keys: &keys,
        text: String::new(),
    };
    value.visit_record(&mut visitor);
}

/// Records each leaf of a value into the span field named by its key.
pub struct RecordInto<'s> {
    span: &'s tracing::Span,
    keys: &'s [Box<str>],
    text: String,
}

impl fmt::Debug for RecordInto<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordInto")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl RecordInto<'_> {
    fn put(&self, at: usize, value: &dyn TracingValue) {
        if let Some(key) = self.keys.get(at) {
            self.span.record(&**key, value);
        }
    }
}

impl Visitor<'_> for RecordInto<'_> {
    fn value(&mut self, at: usize, value: Value<'_>) {
        self.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        match value {
            // tracing has no null: the field stays empty.
            Value::Null => {}
            Value::Bool(x) => self.put(at, &x),
            Value::I64(x) => self.put(at, &x),
            Value::U64(x) => self.put(at, &x),
            Value::F64(x) => self.put(at, &x),
            Value::Str(x) => self.put(at, &x),
        }
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.text.clear();
        let _ = write!(self.text, "{}", Total(value));
        let text = std::mem::take(&mut self.text);
        self.put(at, &text.as_str());
        self.text = text;
    }
}
