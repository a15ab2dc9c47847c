//! An event's fields as JSON values: the one `tracing::field::Visit` of the
//! layer, for event fields and span fields alike, writing into a [`Sink`]
//! that says where each value goes.

use core::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use tracing_core::field::{Field, Visit};

use super::escape::{push_display, push_str};
use super::fields::Writer;
use super::http::HttpObject;
use super::keys::KeyInfo;
use super::number::{push_f64, push_int};
use crate::ErrorChain;

/// One field of an event, collected to be written in key order: its key and
/// its value already written as JSON in [`Buffers::values`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) key: &'static str,
    /// The field's index in its callsite's field set.
    pub(crate) index: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// `Debug` seen as `Display`, to write a `?value` field's text.
pub(crate) struct DebugText<'a>(pub(crate) &'a dyn fmt::Debug);

impl fmt::Display for DebugText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

/// Collects an event's fields as JSON values, the message apart.
pub(crate) struct Collect<'b> {
    pub(crate) infos: &'b [KeyInfo],
    pub(crate) labels: &'b mut Labels,
    pub(crate) http: &'b mut HttpObject,
    pub(crate) hidden: Option<&'b AtomicU64>,
    pub(crate) error: &'b mut bool,
    pub(crate) values: &'b mut Vec<u8>,
    pub(crate) entries: &'b mut Vec<Entry>,
    pub(crate) message: &'b mut Vec<u8>,
    pub(crate) max_string: usize,
    pub(crate) max_message: usize,
}

impl Sink for Collect<'_> {
    #[inline]
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let info = self.infos.get(field.index()).copied().unwrap_or_default();
        if diverted(info) {
            divert(self.labels, self.http, field, info, write);
            return;
        }
        let start = self.values.len();
        write(self.values, self.max_string);
        self.entries.push(Entry {
            key: field.name(),
            index: field.index(),
            start,
            end: self.values.len(),
        });
    }

    fn message(&mut self) -> Option<(&mut Vec<u8>, usize)> {
        Some((self.message, self.max_message))
    }

    fn error_seen(&mut self) {
        *self.error = true;
    }

    fn hidden_debug(&self) -> Option<&AtomicU64> {
        self.hidden
    }

    fn is_list(&self, field: &Field) -> bool {
        self.infos.get(field.index()).is_some_and(|info| info.list)
    }
}

/// Where [`Json`] puts what it visits: each field's value as JSON, and the
/// message's text.
pub(crate) trait Sink {
    /// Writes `field`'s value with `write`, which takes the buffer and the
    /// per-string cap.
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize));
    /// The message's buffer and its cap; `None` where a field named
    /// `message` is a field like the others (a span's).
    fn message(&mut self) -> Option<(&mut Vec<u8>, usize)>;
    /// Notes that a field held an error (`record_error`).
    fn error_seen(&mut self) {}
    /// When `Debug`-recorded values are hidden, the count of them.
    fn hidden_debug(&self) -> Option<&AtomicU64> {
        None
    }
    /// Whether `field`'s value is a list: a JSON array's text, written as
    /// it is.
    fn is_list(&self, field: &Field) -> bool {
        let _ = field;
        false
    }
    /// A string value: escaped, or written as it is for a list.
    #[inline]
    fn str_value(&mut self, field: &Field, value: &str) {
        if self.is_list(field) {
            self.value(field, |out, _| out.extend_from_slice(value.as_bytes()));
        } else {
            self.value(field, |out, cap| push_str(out, value, cap));
        }
    }
}

/// Visits fields as JSON values into a [`Sink`].
pub(crate) struct Json<S>(pub(crate) S);

impl<S: Sink> Json<S> {
    /// The message's buffer, emptied, if `field` is the message.
    fn message(&mut self, field: &Field) -> Option<(&mut Vec<u8>, usize)> {
        if field.name() != "message" {
            return None;
        }
        let (message, cap) = self.0.message()?;
        message.clear();
        Some((message, cap))
    }
}

impl<S: Sink> Visit for Json<S> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.value(field, |out, _| push_f64(out, value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.value(field, |out, _| push_int(out, value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.value(field, |out, _| push_int(out, value));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.0.value(field, |out, _| push_int(out, value));
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.0.value(field, |out, _| push_int(out, value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.value(field, |out, _| {
            out.extend_from_slice(if value { b"true" } else { b"false" });
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if let Some((message, cap)) = self.message(field) {
            push_str(message, value, cap);
        } else {
            self.0.str_value(field, value);
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        // The chain, as every sink writes an error (a safe-log event's error
        // arrives rendered already, with no source left to add).
        self.0.error_seen();
        self.0.value(field, |out, cap| {
            push_display(out, &ErrorChain(value), cap);
        });
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if let Some((message, cap)) = self.message(field) {
            push_display(message, &DebugText(value), cap);
        } else if let Some(hidden) = self.0.hidden_debug() {
            // A value formatted with `Debug` by code that does not use
            // safe-log (`?x`, tracing's `#[instrument]`): the key is kept,
            // the text is not.
            hidden.fetch_add(1, Ordering::Relaxed);
            self.0
                .value(field, |out, cap| push_str(out, DEBUG_HIDDEN, cap));
        } else {
            self.0
                .value(field, |out, cap| push_display(out, &DebugText(value), cap));
        }
    }
}

/// What a hidden `Debug`-recorded value is written as (see
/// [`Builder::hide_debug_values`](super::Builder::hide_debug_values)).
pub const DEBUG_HIDDEN: &str = "[debug value hidden]";

/// Writes the fields of an event as they come, nested or flat: for a
/// callsite whose keys are [`CallsiteKeys::in_order`]. It is recorded
/// through [`Streaming`].
pub(crate) struct Stream<'b> {
    pub(crate) labels: &'b mut Labels,
    pub(crate) http: &'b mut HttpObject,
    pub(crate) hidden: Option<&'b AtomicU64>,
    pub(crate) error: &'b mut bool,
    pub(crate) line: &'b mut Vec<u8>,
    pub(crate) message: &'b mut Vec<u8>,
    pub(crate) writer: Writer<'b>,
    pub(crate) infos: &'b [KeyInfo],
    pub(crate) max_string: usize,
    pub(crate) max_message: usize,
}

/// Whether a field does not go into the line's members: left out (`skip`),
/// a label, or a member of the `httpRequest`.
#[inline]
pub(crate) fn diverted(info: KeyInfo) -> bool {
    info.skip || info.label || info.http.is_some()
}

/// A [`Stream`] for a callsite that has fields which are not ordinary
/// members (`SPECIAL`: skipped, labels, `httpRequest` members, lists) or
/// not: without them, the visitor is compiled without their tests.
pub(crate) struct Streaming<'b, const SPECIAL: bool>(pub(crate) Stream<'b>);

/// A field whose key is not an ordinary member of the line (see
/// [`diverted`]): left out, a label, or a member of the `httpRequest`.
#[cold]
fn divert(
    labels: &mut Labels,
    http: &mut HttpObject,
    field: &Field,
    info: KeyInfo,
    write: impl FnOnce(&mut Vec<u8>, usize),
) {
    if info.label {
        labels.push(field.name(), write);
    } else if let Some(member) = info.http {
        http.push(member, write);
    }
}

impl<const SPECIAL: bool> Sink for Streaming<'_, SPECIAL> {
    #[inline]
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let info = self.0.infos.get(field.index()).copied().unwrap_or_default();
        // `SPECIAL`: the callsite has such fields; without, no test at all.
        if SPECIAL && info.special && diverted(info) {
            divert(self.0.labels, self.0.http, field, info, write);
            return;
        }
        let cap = self.0.max_string;
        self.0
            .writer
            .member(self.0.line, field.index(), field.name(), info, |line| {
                write(line, cap);
            });
    }

    #[inline]
    fn str_value(&mut self, field: &Field, value: &str) {
        let info = self.0.infos.get(field.index()).copied().unwrap_or_default();
        if SPECIAL && info.special {
            if diverted(info) {
                divert(self.0.labels, self.0.http, field, info, |out, cap| {
                    push_str(out, value, cap);
                });
                return;
            }
            if info.list {
                // safe-log's own text of a list: a bounded JSON array whose
                // strings are escaped as the line escapes them.
                self.0
                    .writer
                    .member(self.0.line, field.index(), field.name(), info, |line| {
                        line.extend_from_slice(value.as_bytes());
                    });
                return;
            }
        }
        let cap = self.0.max_string;
        self.0
            .writer
            .member(self.0.line, field.index(), field.name(), info, |line| {
                push_str(line, value, cap);
            });
    }

    fn message(&mut self) -> Option<(&mut Vec<u8>, usize)> {
        Some((self.0.message, self.0.max_message))
    }

    fn error_seen(&mut self) {
        *self.0.error = true;
    }

    fn hidden_debug(&self) -> Option<&AtomicU64> {
        self.0.hidden
    }

    fn is_list(&self, field: &Field) -> bool {
        self.0
            .infos
            .get(field.index())
            .is_some_and(|info| info.list)
    }
}

/// The labels of a line: `"key":"value"` members of
/// `logging.googleapis.com/labels`, as strings, bounded by Cloud Logging's
/// limits (64 labels; keys cut at 512 bytes, values at 64 KiB) and by the
/// room the line kept for them.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    pub(crate) members: Vec<u8>,
    pub(crate) count: usize,
    /// The bytes the line kept for the event's labels.
    pub(crate) room: usize,
}

/// The most labels in a line.
pub(crate) const MAX_LABELS: usize = 64;
/// The longest label key and value Cloud Logging keeps whole.
pub(crate) const MAX_LABEL_KEY: usize = 512;
pub(crate) const MAX_LABEL_VALUE: usize = 64 * 1024;

impl Labels {
    pub(crate) fn clear(&mut self) {
        self.members.clear();
        self.count = 0;
    }

    /// Adds the label of the field `name` (under `labels.`): its value as
    /// `write` writes it, made a string (a number or a bool as its text).
    pub(crate) fn push(&mut self, name: &str, write: impl FnOnce(&mut Vec<u8>, usize)) {
        if self.count >= MAX_LABELS {
            return;
        }
        let key = name.strip_prefix("labels.").unwrap_or(name);
        let mark = self.members.len();
        if !self.members.is_empty() {
            self.members.push(b',');
        }
        push_str(&mut self.members, key, MAX_LABEL_KEY);
        self.members.push(b':');
        let start = self.members.len();
        write(&mut self.members, MAX_LABEL_VALUE.min(self.room));
        match self.members.get(start) {
            Some(b'"') => {}
            // A number, a bool or null: its text as a string.
            Some(b'0'..=b'9' | b'-' | b't' | b'f' | b'n') => {
                self.members.insert(start, b'"');
                self.members.push(b'"');
            }
            // A list or nothing: no label.
            _ => {
                self.members.truncate(mark);
                return;
            }
        }
        if self.members.len() > self.room {
            self.members.truncate(mark);
            return;
        }
        self.count += 1;
    }
}
