//! One event as one bounded JSON line: the fields collected from tracing,
//! then written flat or nested under the line's cap.

use core::fmt;

use tracing_core::field::{Field, Visit};

use super::escape::{push_display, push_str};

/// Integers from this magnitude on are written as strings: Cloud Logging
/// keeps JSON numbers as doubles, which hold every integer below 2^53.
pub(crate) const EXACT_LIMIT: u64 = 1 << 53;

/// One field of an event: its key and its value already written as JSON in
/// [`Buffers::values`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub(crate) key: &'static str,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Per-thread buffers, reused by every event: steady state allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    pub(crate) line: Vec<u8>,
    pub(crate) values: Vec<u8>,
    pub(crate) entries: Vec<Entry>,
    /// The message, written as a JSON string; empty when the event has none.
    pub(crate) message: Vec<u8>,
}

impl Buffers {
    pub(crate) fn clear(&mut self) {
        self.line.clear();
        self.values.clear();
        self.entries.clear();
        self.message.clear();
    }
}

/// Writes `n` as JSON: a number, or a decimal string from 2^53 on.
pub(crate) fn push_u128(out: &mut Vec<u8>, n: u128) {
    let mut buf = itoa::Buffer::new();
    let text = buf.format(n);
    if n >= u128::from(EXACT_LIMIT) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// Writes `n` as JSON: a number, or a decimal string when `|n| >= 2^53`.
pub(crate) fn push_i128(out: &mut Vec<u8>, n: i128) {
    let mut buf = itoa::Buffer::new();
    let text = buf.format(n);
    if n.unsigned_abs() >= u128::from(EXACT_LIMIT) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// Writes `x` as a JSON number, or NaN and the infinities as the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub(crate) fn push_f64(out: &mut Vec<u8>, x: f64) {
    match crate::fields::non_finite_name(x) {
        Some(name) => {
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.push(b'"');
        }
        None => {
            let mut buf = ryu::Buffer::new();
            out.extend_from_slice(buf.format_finite(x).as_bytes());
        }
    }
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
    pub(crate) values: &'b mut Vec<u8>,
    pub(crate) entries: &'b mut Vec<Entry>,
    pub(crate) message: &'b mut Vec<u8>,
    pub(crate) max_string: usize,
    pub(crate) max_message: usize,
}

impl Collect<'_> {
    #[inline]
    fn entry(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let start = self.values.len();
        write(self.values, self.max_string);
        self.entries.push(Entry {
            key: field.name(),
            start,
            end: self.values.len(),
        });
    }
}

impl Visit for Collect<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.entry(field, |out, _| push_f64(out, value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.entry(field, |out, _| push_i128(out, i128::from(value)));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.entry(field, |out, _| push_u128(out, u128::from(value)));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.entry(field, |out, _| push_i128(out, value));
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.entry(field, |out, _| push_u128(out, value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.entry(field, |out, _| {
            out.extend_from_slice(if value { b"true" } else { b"false" });
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.clear();
            push_str(self.message, value, self.max_message);
        } else {
            self.entry(field, |out, cap| push_str(out, value, cap));
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.entry(field, |out, cap| push_display(out, &value, cap));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.message.clear();
            push_display(self.message, &DebugText(value), self.max_message);
        } else {
            self.entry(field, |out, cap| push_display(out, &DebugText(value), cap));
        }
    }
}

/// Keys the line writes itself, besides the ones sinks reserve: a field with
/// one of these names (or a name whose first segment is one) is written with
/// a leading `_`.
const OWN_KEYS: &[&str] = &["target", "spans", "droppedFields"];

fn renamed(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or(key);
    crate::event::is_reserved(key) || OWN_KEYS.contains(&first)
}

/// Appends `"key":` (with a leading `_` when the key is the line's own).
pub(crate) fn push_key(out: &mut Vec<u8>, key: &str, cap: usize) {
    if renamed(key) {
        out.extend_from_slice(b"\"_");
        let start = out.len();
        push_str(out, key, cap);
        // `push_str` opened its own quote: drop it, the `"_` opened one.
        out.remove(start);
    } else {
        push_str(out, key, cap);
    }
    out.push(b':');
}

/// Room kept at the end of a line for closing objects, the dropped-fields
/// count and the newline.
pub(crate) const TAIL: usize = 48;

/// Writes the fields after the line's header, flat (keys as they are) and
/// in the order they came. Returns how many were dropped to stay under
/// `max_line`.
pub(crate) fn write_flat(
    line: &mut Vec<u8>,
    entries: &[Entry],
    values: &[u8],
    max_line: usize,
    max_key: usize,
) -> usize {
    for (i, entry) in entries.iter().enumerate() {
        let mark = line.len();
        line.push(b',');
        push_key(line, entry.key, max_key);
        line.extend_from_slice(&values[entry.start..entry.end]);
        if line.len() + TAIL > max_line {
            line.truncate(mark);
            return entries.len() - i;
        }
    }
    0
}

/// Writes the fields as nested objects, `a.b.c` under `"a":{"b":{"c":..}}`.
/// `entries` must be sorted by key, so the keys under one prefix are
/// together. A key that holds a value and is also a prefix of other keys
/// keeps its value, and the keys below it are written beside it with the
/// rest of their path: `{"close":"error","close.code":1011}`.
///
/// Fields that would pass `max_line` are dropped, from the end; returns how
/// many.
pub(crate) fn write_nested(
    line: &mut Vec<u8>,
    entries: &[Entry],
    values: &[u8],
    max_line: usize,
    max_key: usize,
) -> usize {
    let mut state = Nested {
        open: "",
        depth: 0,
        value_key: None,
    };
    let mut previous: Option<&str> = None;
    let mut dropped = 0;
    for (i, entry) in entries.iter().enumerate() {
        let key = entry.key;
        if previous == Some(key) {
            // The same key twice (two spread records): the first is kept.
            continue;
        }
        previous = Some(key);
        let mark = (line.len(), state);
        state.write(line, key, &values[entry.start..entry.end], max_key);
        if line.len() + state.depth + TAIL > max_line {
            line.truncate(mark.0);
            state = mark.1;
            dropped = entries.len() - i;
            break;
        }
    }
    for _ in 0..state.depth {
        line.push(b'}');
    }
    dropped
}

/// Where the nested writer is: the objects open (the first `depth` segments
/// of `open`), and the last key written that holds a value.
#[derive(Clone, Copy)]
struct Nested<'k> {
    open: &'k str,
    depth: usize,
    /// A key written with a value, and the length of its parent's path:
    /// keys below it are written flat in that parent.
    value_key: Option<(&'k str, usize)>,
}

impl<'k> Nested<'k> {
    fn write(&mut self, line: &mut Vec<u8>, key: &'k str, value: &[u8], max_key: usize) {
        // The object the member goes in (a prefix of `key`), and its name.
        let below_value = self.value_key.filter(|(value_key, _)| {
            key.len() > value_key.len()
                && key.starts_with(value_key)
                && key.as_bytes()[value_key.len()] == b'.'
        });
        let (parent_len, member) = match below_value {
            Some((_, parent_len)) => {
                let start = if parent_len == 0 { 0 } else { parent_len + 1 };
                (parent_len, &key[start..])
            }
            None => match key.rfind('.') {
                Some(dot) => (dot, &key[dot + 1..]),
                None => (0, key),
            },
        };
        let parent = &key[..parent_len];

        // Close the open objects that are not on the way to `parent`, then
        // open the ones from there to it. An object is open only once it has
        // a member, so a member needs a comma unless its object was opened
        // just now.
        let common = common_segments(self.open, self.depth, parent);
        for _ in common..self.depth {
            line.push(b'}');
        }
        let mut depth = common;
        for segment in segments(parent).skip(common) {
            if depth == common {
                line.push(b',');
            }
            push_key(line, segment, max_key);
            line.push(b'{');
            depth += 1;
        }
        if depth == common {
            line.push(b',');
        }
        push_key(line, member, max_key);
        line.extend_from_slice(value);

        self.open = parent;
        self.depth = depth;
        if below_value.is_none() {
            self.value_key = Some((key, parent_len));
        }
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('.')
        .take(if path.is_empty() { 0 } else { usize::MAX })
}

/// How many leading segments the first `depth` segments of `open` share
/// with `parent`.
fn common_segments(open: &str, depth: usize, parent: &str) -> usize {
    segments(open)
        .take(depth)
        .zip(segments(parent))
        .take_while(|(a, b)| a == b)
        .count()
}
