//! Writes an event's fields into its line, nested or flat, under the
//! line's cap: fields that do not fit are dropped from the end and counted.

use super::escape::push_str;
use super::json::Entry;
use super::keys::{KeyInfo, renamed};

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

/// What a member writes before its value when it comes right after the
/// member the callsite's study saw before it, and the nested writer's state
/// once it is written: such a member is one copy (see
/// [`CallsiteKeys::transitions`](super::keys::CallsiteKeys)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Transition {
    /// The field written before this one ([`NO_FIELD`] for the first).
    pub(crate) after: u32,
    /// The bytes, in the callsite's transition bytes.
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// The state after the member.
    pub(crate) state: Nested,
}

/// No field: what comes before the first member.
pub(crate) const NO_FIELD: u32 = u32::MAX;

/// Writes an event's fields after the line's header, nested or flat, and
/// drops the fields that would pass `limit`, from the end.
#[derive(Clone, Copy)]
pub(crate) struct Writer<'t> {
    nested: bool,
    state: Nested,
    /// The line may not pass this length (closing objects included).
    limit: usize,
    max_key: usize,
    full: bool,
    dropped: usize,
    /// By field index: the studied transitions of a nested writer, and
    /// their bytes.
    transitions: &'t [Option<Transition>],
    bytes: &'t [u8],
    /// The field written last.
    last: u32,
    /// Whether `state` is the studied state after `last`.
    synced: bool,
}

impl Writer<'static> {
    pub(crate) fn new(nested: bool, limit: usize, max_key: usize) -> Self {
        Writer {
            nested,
            state: Nested::default(),
            limit,
            max_key,
            full: false,
            dropped: 0,
            transitions: &[],
            bytes: &[],
            last: NO_FIELD,
            synced: true,
        }
    }
}

impl Writer<'_> {
    /// A nested writer that takes the studied `transitions` (and their
    /// `bytes`) of a callsite where it can.
    pub(crate) fn with_transitions<'u>(
        self,
        transitions: &'u [Option<Transition>],
        bytes: &'u [u8],
    ) -> Writer<'u> {
        Writer {
            transitions,
            bytes,
            ..self
        }
    }

    /// The state after the members written so far.
    pub(crate) fn state(&self) -> Nested {
        self.state
    }

    /// Writes one member, field `index`, `write_value` writing its value;
    /// or counts it as dropped once the line is full.
    #[inline]
    pub(crate) fn member(
        &mut self,
        line: &mut Vec<u8>,
        index: usize,
        key: &'static str,
        info: KeyInfo,
        write_value: impl FnOnce(&mut Vec<u8>),
    ) {
        if self.full {
            self.dropped += 1;
            return;
        }
        let (mark, state) = (line.len(), self.state);
        let studied = self.transitions.get(index).copied().flatten();
        match studied {
            // The common case: this member follows the one the study saw
            // before it, from the state the study had then.
            Some(t) if self.synced && t.after == self.last => {
                let bytes = usize::try_from(t.start)
                    .ok()
                    .zip(usize::try_from(t.end).ok())
                    .and_then(|(start, end)| self.bytes.get(start..end));
                line.extend_from_slice(bytes.unwrap_or_default());
                write_value(line);
                self.state = t.state;
            }
            _ => {
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
                self.synced = studied.is_some_and(|t| t.state == self.state);
            }
        }
        self.last = u32::try_from(index).unwrap_or(NO_FIELD);
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
    writer: &mut Writer<'_>,
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
        writer.member(line, entry.index, entry.key, info(entry), |line| {
            line.extend_from_slice(&values[entry.start..entry.end]);
        });
    }
}

/// Where the nested writer is: the objects open (the first `depth` segments
/// of `open`), and the last key written that holds a value.
///
/// Dotted keys are nested objects, `a.b.c` under `"a":{"b":{"c":..}}`. A
/// key that holds a value and is also a prefix of the keys after it keeps
/// its value, and those keys are written beside it with the rest of their
/// path: `{"close":"error","close.code":1011}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Nested {
    pub(crate) open: &'static str,
    pub(crate) depth: usize,
    /// A key written with a value, and the length of its parent's path:
    /// keys below it are written flat in that parent.
    pub(crate) value_key: Option<(&'static str, usize)>,
}

impl Nested {
    /// The object `key` goes in (a prefix of it), its name there, and
    /// whether it goes flat below a key that holds a value.
    #[inline]
    pub(crate) fn place(
        &self,
        key: &'static str,
        info: KeyInfo,
    ) -> (&'static str, &'static str, bool) {
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
pub(crate) fn common_path(open: &str, parent: &str) -> (usize, usize) {
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
    use super::common_path;

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
