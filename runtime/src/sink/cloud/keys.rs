//! What the line needs to know of a callsite's keys, studied once per
//! callsite and thread: each key's rank, parent path, escaping and renaming,
//! and whether the fields can be written nested as they come.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use tracing_core::Metadata;

use super::MAX_HEADER_STRING;
use super::escape::is_plain;
use super::fields::{NO_FIELD, Nested, Transition, Writer, common_path};
use super::json::diverted;
use crate::value::reserved::is_reserved;

/// This thread's studies, by callsite.
pub(crate) type KeyCache = HashMap<usize, CallsiteKeys, BuildHasherDefault<PtrHasher>>;

/// The keys of a callsite, studied once per thread.
#[derive(Debug)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about a callsite's keys, each read on its own"
)]
pub(crate) struct CallsiteKeys {
    /// By field index.
    pub(crate) infos: Box<[KeyInfo]>,
    /// Whether the fields can be written nested in the order they come:
    /// the keys under each prefix are together, a key holding a value comes
    /// before the keys below it, and no key repeats. True of the flattened
    /// keys of safe-log records; otherwise an event's fields are sorted.
    pub(crate) in_order: bool,
    /// Whether a key is a label (under `labels.`).
    pub(crate) labels: bool,
    /// Whether a field is a member of an `httpRequest`.
    pub(crate) http: bool,
    /// Whether any field is not an ordinary member ([`KeyInfo::special`]).
    pub(crate) special: bool,
    /// By field index, for an event whose fields are written nested as
    /// they come: what each member writes before its value when it follows
    /// the member before it, and the state after it (its bytes in
    /// `transition_bytes`). Studied by writing the members once, so that an
    /// event whose fields are all present copies them whole.
    pub(crate) transitions: Box<[Option<Transition>]>,
    pub(crate) transition_bytes: Box<[u8]>,
}

/// A field key of a callsite.
#[derive(Clone, Copy, Debug, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about a key, each read on its own"
)]
pub(crate) struct KeyInfo {
    /// The key's rank among the callsite's keys in sorted order.
    pub(crate) rank: u32,
    /// The length of the key's parent path (up to its last dot).
    pub(crate) parent_len: u32,
    /// Whether the key needs no escape.
    pub(crate) plain: bool,
    /// Whether the key's first segment is one the line writes itself.
    pub(crate) renamed: bool,
    /// Whether the field is left out of the line: the call site of a `log`
    /// record (`log.target`, `log.file`, ...), written in the header.
    pub(crate) skip: bool,
    /// Whether the field's value is a list, whose text is a JSON array
    /// written as it is.
    pub(crate) list: bool,
    /// Whether the key is under `labels.`: its value goes to the line's
    /// `logging.googleapis.com/labels`, as a string.
    pub(crate) label: bool,
    /// The `httpRequest` member the field is, if it is one.
    pub(crate) http: Option<u8>,
    /// Whether any of `skip`, `list`, `label` or `http` is set: one test
    /// for the fields that need none.
    pub(crate) special: bool,
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
    /// Studies the keys of `meta`'s fields; `log_record`: `meta` is the
    /// call site of the bridge that routes `log` records.
    pub(crate) fn study(meta: &'static Metadata<'static>, log_record: bool) -> Self {
        let names: Vec<&'static str> = meta.fields().iter().map(|f| f.name()).collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|a, b| names[*a].cmp(names[*b]).then(a.cmp(b)));
        let mut infos: Vec<KeyInfo> = names
            .iter()
            .map(|name| KeyInfo {
                rank: 0,
                parent_len: u32::try_from(name.rfind('.').unwrap_or(0)).unwrap_or(0),
                plain: is_plain(name),
                // A span's fields are inside its object, which has its own
                // `name` and nothing else.
                renamed: if meta.is_span() {
                    name.split('.').next() == Some("name")
                } else {
                    renamed(name)
                },
                skip: log_record && name.starts_with("log."),
                list: false,
                label: !meta.is_span() && name.starts_with("labels.") && name.len() > 7,
                http: None,
                special: false,
            })
            .collect();
        if let Some(special) = crate::value::marks::special_fields(meta) {
            for index in &*special.lists {
                if let Some(info) = infos.get_mut(*index) {
                    info.list = true;
                }
            }
            for (index, member) in &*special.http {
                if let Some(info) = infos.get_mut(*index) {
                    info.http = Some(*member);
                }
            }
        }
        for (rank, index) in order.into_iter().enumerate() {
            infos[index].rank = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        // The bridge's fields are the message and the skipped ones.
        for info in &mut infos {
            info.special = info.skip || info.list || info.label || info.http.is_some();
        }
        let in_order = log_record || writable_in_order(&names, &infos);
        let labels = infos.iter().any(|info| info.label);
        let http = infos.iter().any(|info| info.http.is_some()) && !meta.is_span();
        let special = infos.iter().any(|info| info.special);
        CallsiteKeys {
            infos: infos.into_boxed_slice(),
            in_order,
            labels,
            http,
            special,
            transitions: Box::default(),
            transition_bytes: Box::default(),
        }
    }

    /// Studies [`CallsiteKeys::transitions`]: the members of an event
    /// written nested in order, each right after the one before, by the
    /// writer the line uses.
    fn study_transitions(mut self, meta: &'static Metadata<'static>) -> Self {
        if !self.in_order || meta.is_span() {
            return self;
        }
        let mut writer = Writer::new(true, usize::MAX, MAX_HEADER_STRING);
        let mut bytes = Vec::new();
        let mut transitions = vec![None; self.infos.len()];
        let mut after = NO_FIELD;
        for (index, field) in meta.fields().iter().enumerate() {
            let info = self.infos.get(index).copied().unwrap_or_default();
            // The message, and the fields that are not members.
            if field.name() == "message" || diverted(info) {
                continue;
            }
            let (Ok(start), Ok(here)) = (u32::try_from(bytes.len()), u32::try_from(index)) else {
                return self;
            };
            writer.member(&mut bytes, index, field.name(), info, |_| {});
            let Ok(end) = u32::try_from(bytes.len()) else {
                return self;
            };
            if let Some(slot) = transitions.get_mut(index) {
                *slot = Some(Transition {
                    after,
                    start,
                    end,
                    state: writer.state(),
                });
            }
            after = here;
        }
        self.transitions = transitions.into_boxed_slice();
        self.transition_bytes = bytes.into_boxed_slice();
        self
    }
}

/// The keys of `meta`'s callsite, from this thread's cache.
pub(crate) fn callsite_keys<'c>(
    cache: &'c mut Option<KeyCache>,
    meta: &'static Metadata<'static>,
    log_record: bool,
) -> &'c CallsiteKeys {
    cache
        .get_or_insert_with(HashMap::default)
        .entry(std::ptr::from_ref(meta) as usize)
        .or_insert_with(|| CallsiteKeys::study(meta, log_record).study_transitions(meta))
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

/// Keys the line writes itself, besides those every sink reserves.
pub(crate) const LINE_KEYS: &[&str] = &[
    "target",
    "spans",
    "droppedFields",
    "@type",
    "context",
    "serviceContext",
];

/// Whether a top-level `key` takes a leading `_`: its first segment is a key
/// sinks reserve ([`is_reserved`]) or one the line writes itself
/// ([`LINE_KEYS`]).
#[inline]
pub(crate) fn renamed(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or(key);
    is_reserved(key) || LINE_KEYS.contains(&first)
}

#[cfg(test)]
mod tests {
    use super::{KeyInfo, writable_in_order};

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
}
