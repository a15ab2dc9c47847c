//! One event as one bounded JSON line: the fields collected from tracing,
//! then written flat or nested under the line's cap.

use core::fmt;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use tracing_core::Metadata;
use tracing_core::field::{Field, Visit};

use super::escape::{push_display, push_str};

/// Integers from this magnitude on are written as strings: Cloud Logging
/// keeps JSON numbers as doubles, which hold every integer below 2^53.
pub(crate) const EXACT_LIMIT: u64 = 1 << 53;

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
    pub(crate) keys: Option<HashMap<usize, CallsiteKeys, BuildHasherDefault<PtrHasher>>>,
}

/// The keys of a callsite, studied once per thread.
#[derive(Debug)]
pub(crate) struct CallsiteKeys {
    /// By field index.
    pub(crate) infos: Box<[KeyInfo]>,
    /// Whether the fields can be written nested in the order they come:
    /// the keys under each prefix are together, a key holding a value comes
    /// before the keys below it, and no key repeats. True of the flattened
    /// keys of safe-log records; otherwise an event's fields are sorted.
    pub(crate) in_order: bool,
}

/// A field key of a callsite.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyInfo {
    /// The key's rank among the callsite's keys in sorted order.
    pub(crate) rank: u32,
    /// The length of the key's parent path (up to its last dot).
    parent_len: u32,
    /// Whether the key needs no escape.
    plain: bool,
    /// Whether the key's first segment is one the line writes itself.
    renamed: bool,
}

/// Hashes a pointer: the address, mixed.
#[derive(Default)]
pub(crate) struct PtrHasher(u64);

impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

impl CallsiteKeys {
    fn study(meta: &'static Metadata<'static>) -> Self {
        let names: Vec<&'static str> = meta.fields().iter().map(|f| f.name()).collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|a, b| names[*a].cmp(names[*b]).then(a.cmp(b)));
        let mut infos: Vec<KeyInfo> = names
            .iter()
            .map(|name| KeyInfo {
                rank: 0,
                parent_len: u32::try_from(name.rfind('.').unwrap_or(0)).unwrap_or(0),
                plain: super::escape::is_plain(name),
                renamed: renamed(name),
            })
            .collect();
        for (rank, index) in order.into_iter().enumerate() {
            infos[index].rank = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let in_order = writable_in_order(&names, &infos);
        CallsiteKeys {
            infos: infos.into_boxed_slice(),
            in_order,
        }
    }
}

impl Buffers {
    pub(crate) fn clear(&mut self) {
        self.line.clear();
        self.values.clear();
        self.entries.clear();
        self.message.clear();
    }
}

/// The keys of `meta`'s callsite, from this thread's cache.
pub(crate) fn callsite_keys<'c>(
    cache: &'c mut Option<HashMap<usize, CallsiteKeys, BuildHasherDefault<PtrHasher>>>,
    meta: &'static Metadata<'static>,
) -> &'c CallsiteKeys {
    cache
        .get_or_insert_with(HashMap::default)
        .entry(std::ptr::from_ref(meta) as usize)
        .or_insert_with(|| CallsiteKeys::study(meta))
}

/// Whether writing `names` (and so any of them, in the same order) nested
/// as they come gives valid JSON: no object is opened twice, no key is both
/// an object and a value in one object, no key repeats.
fn writable_in_order(names: &[&'static str], infos: &[KeyInfo]) -> bool {
    let mut objects: Vec<&str> = Vec::new();
    let mut values: Vec<&str> = Vec::new();
    let mut state = Nested::default();
    for (name, info) in names.iter().zip(infos) {
        if *name == "message" {
            continue;
        }
        if values.contains(name) || objects.contains(name) {
            return false;
        }
        let (parent, _, below_value) = state.place(name, *info);
        let (common_len, common) = common_path(state.open, parent);
        let mut depth = common;
        if parent.len() > common_len {
            for (i, b) in parent.bytes().enumerate().skip(common_len + 1) {
                if b == b'.' {
                    let object = &parent[..i];
                    if objects.contains(&object) || values.contains(&object) {
                        return false;
                    }
                    objects.push(object);
                    depth += 1;
                }
            }
            if objects.contains(&parent) || values.contains(&parent) {
                return false;
            }
            objects.push(parent);
            depth += 1;
        }
        values.push(name);
        state.open = parent;
        state.depth = depth;
        if !below_value {
            state.value_key = Some((name, parent.len()));
        }
    }
    true
}

/// Writes `n` as JSON: a number, or a decimal string from 2^53 on.
#[inline]
pub(crate) fn push_u64(out: &mut Vec<u8>, n: u64) {
    let mut buf = itoa::Buffer::new();
    let text = buf.format(n).as_bytes();
    if n >= EXACT_LIMIT {
        out.push(b'"');
        out.extend_from_slice(text);
        out.push(b'"');
    } else {
        out.extend_from_slice(text);
    }
}

/// Writes `n` as JSON: a number, or a decimal string when `|n| >= 2^53`.
#[inline]
pub(crate) fn push_i64(out: &mut Vec<u8>, n: i64) {
    let mut buf = itoa::Buffer::new();
    let text = buf.format(n).as_bytes();
    if n.unsigned_abs() >= EXACT_LIMIT {
        out.push(b'"');
        out.extend_from_slice(text);
        out.push(b'"');
    } else {
        out.extend_from_slice(text);
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

impl Sink for Collect<'_> {
    #[inline]
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let start = self.values.len();
        write(self.values, self.max_string);
        self.entries.push(Entry {
            key: field.name(),
            index: field.index(),
            start,
            end: self.values.len(),
        });
    }

    fn message(&mut self) -> (&mut Vec<u8>, usize) {
        (self.message, self.max_message)
    }
}

/// Where [`Json`] puts what it visits: each field's value as JSON, and the
/// message's text.
pub(crate) trait Sink {
    /// Writes `field`'s value with `write`, which takes the buffer and the
    /// per-string cap.
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize));
    /// The message's buffer and its cap.
    fn message(&mut self) -> (&mut Vec<u8>, usize);
}

/// Visits an event's fields as JSON values into a [`Sink`].
pub(crate) struct Json<S>(pub(crate) S);

impl<S: Sink> Visit for Json<S> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.value(field, |out, _| push_f64(out, value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.value(field, |out, _| push_i64(out, value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.value(field, |out, _| push_u64(out, value));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.0.value(field, |out, _| push_i128(out, value));
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.0.value(field, |out, _| push_u128(out, value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.value(field, |out, _| {
            out.extend_from_slice(if value { b"true" } else { b"false" });
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let (message, cap) = self.0.message();
            message.clear();
            push_str(message, value, cap);
        } else {
            self.0.value(field, |out, cap| push_str(out, value, cap));
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .value(field, |out, cap| push_display(out, &value, cap));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let (message, cap) = self.0.message();
            message.clear();
            push_display(message, &DebugText(value), cap);
        } else {
            self.0
                .value(field, |out, cap| push_display(out, &DebugText(value), cap));
        }
    }
}

/// Whether a top-level `key` takes a leading `_`: its first segment is a key
/// the line writes itself or one sinks reserve (the same list as
/// `safe_log::__private::is_reserved`, plus `target`, `spans` and
/// `droppedFields`).
#[inline]
fn renamed(key: &str) -> bool {
    let bytes = key.as_bytes();
    let first_len = bytes.iter().position(|b| *b == b'.').unwrap_or(bytes.len());
    matches!(
        &key[..first_len],
        "message"
            | "severity"
            | "time"
            | "timestamp"
            | "timestampSeconds"
            | "timestampNanos"
            | "httpRequest"
            | "target"
            | "spans"
            | "droppedFields"
    ) || key.starts_with("logging.googleapis.com/")
}

/// Appends `"key":`, with a leading `_` when `top` and the key is one the
/// line writes itself.
pub(crate) fn push_key(out: &mut Vec<u8>, key: &str, cap: usize) {
    push_member(out, key, true, None, cap);
}

/// Appends `"key":`. `known` is `(plain, renamed)` when the caller knows
/// them from the callsite's cache.
#[inline]
fn push_member(out: &mut Vec<u8>, key: &str, top: bool, known: Option<(bool, bool)>, cap: usize) {
    let (plain, rename) = match known {
        Some((plain, renamed)) => (plain, top && renamed),
        None => (super::escape::is_plain(key), top && renamed(key)),
    };
    if plain && !rename && key.len() + 2 <= cap {
        // The common case: a plain key, copied as it is.
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        return;
    }
    if rename {
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

/// Writes an event's fields after the line's header, nested or flat, and
/// drops the fields that would pass `limit`, from the end.
#[derive(Clone, Copy)]
pub(crate) struct Writer {
    nested: bool,
    state: Nested,
    /// The line may not pass this length (closing objects included).
    limit: usize,
    max_key: usize,
    full: bool,
    dropped: usize,
}

impl Writer {
    pub(crate) fn new(nested: bool, limit: usize, max_key: usize) -> Self {
        Writer {
            nested,
            state: Nested::default(),
            limit,
            max_key,
            full: false,
            dropped: 0,
        }
    }

    /// Writes one member, `write_value` writing its value; or counts it as
    /// dropped once the line is full.
    #[inline]
    pub(crate) fn member(
        &mut self,
        line: &mut Vec<u8>,
        key: &'static str,
        info: KeyInfo,
        write_value: impl FnOnce(&mut Vec<u8>),
    ) {
        if self.full {
            self.dropped += 1;
            return;
        }
        let (mark, state) = (line.len(), self.state);
        if self.nested {
            self.state.write(line, key, info, self.max_key, write_value);
        } else {
            line.push(b',');
            push_member(
                line,
                key,
                true,
                Some((info.plain, info.renamed)),
                self.max_key,
            );
            write_value(line);
        }
        if line.len() + self.state.depth > self.limit {
            line.truncate(mark);
            self.state = state;
            self.full = true;
            self.dropped += 1;
        }
    }

    /// Closes the open objects; returns how many fields were dropped.
    pub(crate) fn finish(self, line: &mut Vec<u8>) -> usize {
        for _ in 0..self.state.depth {
            line.push(b'}');
        }
        self.dropped
    }
}

/// Writes `entries` (collected out of order) sorted by key, the same key
/// twice written once.
pub(crate) fn write_sorted(
    line: &mut Vec<u8>,
    writer: &mut Writer,
    entries: &mut [Entry],
    values: &[u8],
    infos: &[KeyInfo],
) {
    let info = |entry: &Entry| infos.get(entry.index).copied().unwrap_or_default();
    entries.sort_unstable_by_key(|e| info(e).rank);
    let mut previous: Option<&str> = None;
    for entry in entries.iter() {
        if previous == Some(entry.key) {
            // Two spread records with one key: the first is kept.
            continue;
        }
        previous = Some(entry.key);
        writer.member(line, entry.key, info(entry), |line| {
            line.extend_from_slice(&values[entry.start..entry.end]);
        });
    }
}

/// Writes the fields of an event as they come, nested or flat: for a
/// callsite whose keys are [`CallsiteKeys::in_order`].
pub(crate) struct Stream<'b> {
    pub(crate) line: &'b mut Vec<u8>,
    pub(crate) message: &'b mut Vec<u8>,
    pub(crate) writer: Writer,
    pub(crate) infos: &'b [KeyInfo],
    pub(crate) max_string: usize,
    pub(crate) max_message: usize,
}

impl Sink for Stream<'_> {
    #[inline]
    fn value(&mut self, field: &Field, write: impl FnOnce(&mut Vec<u8>, usize)) {
        let info = self.infos.get(field.index()).copied().unwrap_or_default();
        let cap = self.max_string;
        self.writer
            .member(self.line, field.name(), info, |line| write(line, cap));
    }

    fn message(&mut self) -> (&mut Vec<u8>, usize) {
        (self.message, self.max_message)
    }
}

/// Where the nested writer is: the objects open (the first `depth` segments
/// of `open`), and the last key written that holds a value.
///
/// Dotted keys are nested objects, `a.b.c` under `"a":{"b":{"c":..}}`. A
/// key that holds a value and is also a prefix of the keys after it keeps
/// its value, and those keys are written beside it with the rest of their
/// path: `{"close":"error","close.code":1011}`.
#[derive(Clone, Copy, Default)]
struct Nested {
    open: &'static str,
    depth: usize,
    /// A key written with a value, and the length of its parent's path:
    /// keys below it are written flat in that parent.
    value_key: Option<(&'static str, usize)>,
}

impl Nested {
    /// The object `key` goes in (a prefix of it), its name there, and
    /// whether it goes flat below a key that holds a value.
    #[inline]
    fn place(&self, key: &'static str, info: KeyInfo) -> (&'static str, &'static str, bool) {
        if let Some((value_key, parent_len)) = self.value_key {
            if key.len() > value_key.len()
                && key.as_bytes()[value_key.len()] == b'.'
                && key.starts_with(value_key)
            {
                let start = if parent_len == 0 { 0 } else { parent_len + 1 };
                return (&key[..parent_len], &key[start..], true);
            }
        }
        match usize::try_from(info.parent_len).unwrap_or(0) {
            0 => ("", key, false),
            dot => (&key[..dot], &key[dot + 1..], false),
        }
    }

    #[inline]
    fn write(
        &mut self,
        line: &mut Vec<u8>,
        key: &'static str,
        info: KeyInfo,
        max_key: usize,
        write_value: impl FnOnce(&mut Vec<u8>),
    ) {
        let known = Some((info.plain, info.renamed));
        let (parent, member, below_value) = self.place(key, info);
        if !below_value {
            self.value_key = Some((key, parent.len()));
        }
        // The common case: a sibling of the member before.
        if parent.len() == self.open.len() && parent == self.open {
            line.push(b',');
            push_member(line, member, self.depth == 0, known, max_key);
            write_value(line);
            return;
        }

        // Close the open objects that are not on the way to `parent`, then
        // open the ones from there to it. An object is open only once it has
        // a member, so a member needs a comma unless its object was opened
        // just now.
        let (common_len, common) = common_path(self.open, parent);
        for _ in common..self.depth {
            line.push(b'}');
        }
        let mut depth = common;
        if parent.len() > common_len {
            let mut start = if common_len == 0 { 0 } else { common_len + 1 };
            let bytes = parent.as_bytes();
            for end in (start..=bytes.len()).filter(|&i| i == bytes.len() || bytes[i] == b'.') {
                if depth == common {
                    line.push(b',');
                }
                // `end` is at a dot or the end: a char boundary.
                push_member(
                    line,
                    parent.get(start..end).unwrap_or(""),
                    depth == 0,
                    known,
                    max_key,
                );
                line.push(b'{');
                depth += 1;
                start = end + 1;
            }
        }
        if depth == common {
            line.push(b',');
        }
        push_member(line, member, depth == 0, known, max_key);
        write_value(line);
        self.open = parent;
        self.depth = depth;
    }
}

/// The longest common path of `open` and `parent`, on segment boundaries:
/// its length in bytes and in segments.
#[inline]
fn common_path(open: &str, parent: &str) -> (usize, usize) {
    let (a, b) = (open.as_bytes(), parent.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let boundary = |i: usize| (i == a.len() || a[i] == b'.') && (i == b.len() || b[i] == b'.');
    let len = if boundary(same) {
        same
    } else {
        // Back to the last dot both share.
        a[..same].iter().rposition(|c| *c == b'.').unwrap_or(0)
    };
    if len == 0 {
        (0, 0)
    } else {
        // Keys are short: a crate for counting bytes would not pay.
        #[allow(clippy::naive_bytecount)]
        let dots = a[..len].iter().filter(|c| **c == b'.').count();
        (len, dots + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::{KeyInfo, common_path, writable_in_order};

    fn in_order(names: &[&'static str]) -> bool {
        let infos: Vec<KeyInfo> = names
            .iter()
            .map(|name| KeyInfo {
                parent_len: u32::try_from(name.rfind('.').unwrap_or(0)).unwrap(),
                ..KeyInfo::default()
            })
            .collect();
        writable_in_order(names, &infos)
    }

    #[test]
    fn which_key_orders_can_be_written_as_they_come() {
        assert!(in_order(&[
            "message",
            "diag.a",
            "diag.peer.ip",
            "diag.peer.port",
            "diag.b",
            "x"
        ]));
        assert!(in_order(&[
            "diag.close",
            "diag.close.code",
            "diag.close.reason",
            "diag.z"
        ]));
        assert!(in_order(&["a", "a.b", "a.b.c"]));
        // A group split in two.
        assert!(!in_order(&["a.x", "b", "a.y"]));
        assert!(!in_order(&["a.b.x", "a.c", "a.b.y"]));
        // An object, then a value of the same name.
        assert!(!in_order(&["close.code", "close"]));
        // A key twice (two enum variants sharing it, two spread records).
        assert!(!in_order(&["k", "k.code", "k.code"]));
        assert!(!in_order(&["a", "a"]));
        // Keys below a value, after another key.
        assert!(!in_order(&["close", "other", "close.code"]));
    }

    #[test]
    fn common_paths_end_on_segment_boundaries() {
        assert_eq!(common_path("", "a.b"), (0, 0));
        assert_eq!(common_path("a.b", "a.b"), (3, 2));
        assert_eq!(common_path("a.b", "a.b.c"), (3, 2));
        assert_eq!(common_path("a.bc", "a.b"), (1, 1));
        assert_eq!(common_path("a.b", "a.bc"), (1, 1));
        assert_eq!(common_path("ab", "a"), (0, 0));
        assert_eq!(common_path("a.b.c", "a.x"), (1, 1));
        assert_eq!(common_path("x", "a"), (0, 0));
    }
}
