//! Key tables: the dotted keys of a type, built once per type.

use std::collections::HashMap;
use std::sync::{OnceLock, PoisonError, RwLock};

use crate::SafeLog;

/// Collects the dotted keys of a type; the argument of
/// [`SafeLog::describe`].
///
/// A key is the path of segments leading to a leaf, joined with `.`:
/// the field `ip` of the field `peer` is `peer.ip`.
#[derive(Debug, Default)]
pub struct Keys {
    path: String,
    out: Vec<Box<str>>,
    /// The indices of the leaves that are lists.
    lists: Vec<usize>,
    /// The leaves that are members of a Cloud Logging `httpRequest`: index
    /// and member.
    http: Vec<(usize, u8)>,
}

/// Where [`Keys::enter`] found the path, to give back to [`Keys::leave`].
#[derive(Clone, Copy, Debug)]
#[must_use = "give the mark back to `Keys::leave`"]
pub struct KeyMark(usize);

impl Keys {
    /// An empty collector whose keys start with `prefix` (which may be
    /// empty).
    #[must_use]
    pub fn new(prefix: &str) -> Self {
        Keys {
            path: prefix.to_owned(),
            out: Vec::new(),
            lists: Vec::new(),
            http: Vec::new(),
        }
    }

    /// Pushes the current path as a key.
    pub fn leaf(&mut self) {
        self.out.push(self.path.as_str().into());
    }

    /// Pushes the current path as the key of a leaf whose value is a list
    /// (sinks that have arrays write one).
    pub fn list_leaf(&mut self) {
        self.lists.push(self.out.len());
        self.leaf();
    }

    /// The indices of the leaves pushed by [`Keys::list_leaf`].
    #[must_use]
    pub fn lists(&self) -> &[usize] {
        &self.lists
    }

    /// Pushes the current path as the key of a member of a Cloud Logging
    /// `httpRequest` ([`HttpRequest`](crate::cloud::HttpRequest) uses it).
    #[doc(hidden)]
    pub fn __http_leaf(&mut self, member: u8) {
        self.http.push((self.out.len(), member));
        self.leaf();
    }

    /// The leaves pushed by [`Keys::__http_leaf`].
    #[doc(hidden)]
    #[must_use]
    pub fn __http(&self) -> &[(usize, u8)] {
        &self.http
    }

    /// Pushes the key of a data enum's variant name: the current path, or
    /// `variant` at the top level, where the empty key would sit beside
    /// the variant's fields.
    #[doc(hidden)]
    pub fn __variant_leaf(&mut self) {
        if self.path.is_empty() {
            self.out.push("variant".into());
        } else {
            self.leaf();
        }
    }

    /// Appends the segment `name` to the current path.
    pub fn enter(&mut self, name: &str) -> KeyMark {
        let mark = KeyMark(self.path.len());
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        mark
    }

    /// Restores the path to what it was before the matching [`Keys::enter`].
    pub fn leave(&mut self, mark: KeyMark) {
        self.path.truncate(mark.0);
    }

    /// The collector with `name` appended to the path, until the returned
    /// guard is dropped: `T::describe(&mut keys.under("peer"))`.
    pub fn under(&mut self, name: &str) -> Under<'_> {
        let mark = self.enter(name);
        Under { keys: self, mark }
    }

    /// The number of keys pushed so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether no key was pushed yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The keys pushed so far.
    #[must_use]
    pub fn into_keys(self) -> Vec<Box<str>> {
        self.out
    }

    /// The keys of `T` below `prefix`, in leaf order.
    #[must_use]
    pub fn of<T: SafeLog + ?Sized>(prefix: &str) -> Vec<Box<str>> {
        let mut keys = Keys::new(prefix);
        T::describe(&mut keys);
        keys.out
    }
}

/// [`Keys`] below one more segment; see [`Keys::under`].
#[derive(Debug)]
pub struct Under<'k> {
    keys: &'k mut Keys,
    mark: KeyMark,
}

impl core::ops::Deref for Under<'_> {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        self.keys
    }
}

impl core::ops::DerefMut for Under<'_> {
    fn deref_mut(&mut self) -> &mut Keys {
        self.keys
    }
}

impl Drop for Under<'_> {
    fn drop(&mut self) {
        self.keys.leave(self.mark);
    }
}

/// The keys of `T`, in leaf order: index `i` is the key of the leaf a
/// [`Visitor`](crate::Visitor) receives at `i`.
///
/// A key appears more than once when the variants of an enum share a field
/// name (only one variant is present at a time). A primitive has one key, the
/// empty string.
///
/// ```
/// #[derive(safe_log::SafeLog)]
/// struct Peer { ip: std::net::IpAddr, port: u16 }
/// #[derive(safe_log::SafeLog)]
/// struct Diag { conn_id: u64, peer: Peer }
///
/// assert_eq!(safe_log::keys::<Diag>(), ["conn_id", "peer.ip", "peer.port"]);
/// ```
#[must_use]
pub fn keys<T: SafeLog + ?Sized>() -> &'static [&'static str] {
    T::__keys()
}

/// Builds and leaks the key table of `T`. Called once per type (or per
/// schema), so the leak is bounded by the number of log-safe types.
fn build<T: SafeLog + ?Sized>() -> &'static [&'static str] {
    let keys: Vec<&'static str> = Keys::of::<T>("")
        .into_iter()
        .map(|k| &*Box::leak(k))
        .collect();
    Box::leak(keys.into_boxed_slice())
}

/// The per-type key table of a type without type parameters: a `static` the
/// derive places in `__keys`, so the lookup is one atomic load.
#[doc(hidden)]
#[derive(Debug)]
pub struct KeyCache(OnceLock<&'static [&'static str]>);

impl KeyCache {
    #[doc(hidden)]
    #[must_use]
    pub const fn new() -> Self {
        KeyCache(OnceLock::new())
    }

    #[doc(hidden)]
    pub fn get<T: SafeLog + ?Sized>(&self) -> &'static [&'static str] {
        self.0.get_or_init(build::<T>)
    }
}

impl Default for KeyCache {
    fn default() -> Self {
        Self::new()
    }
}

type Table = HashMap<usize, &'static [&'static str]>;

/// The key table of a type with type parameters, whose `__keys` cannot hold
/// a `static` of its own (a `static` in a generic function is shared by every
/// instantiation).
///
/// Tables are found by the address of the type's `describe` function, which
/// is what decides the keys: every instantiation has its own `describe`
/// (lifetimes aside, which do not change keys), and two functions that the
/// compiler merges have the same code, so the same keys. An instantiation
/// with two copies of `describe` only costs a second entry.
pub(crate) fn by_layout<T: SafeLog + ?Sized>() -> &'static [&'static str] {
    static TABLES: OnceLock<RwLock<Table>> = OnceLock::new();
    let tables = TABLES.get_or_init(RwLock::default);
    let id = layout_id::<T>();
    if let Some(keys) = tables
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
    {
        return keys;
    }
    // Built outside the lock, which stays short; two threads may both build
    // the table on first use, and the first one stored wins.
    let built = build::<T>();
    tables
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(id)
        .or_insert(built)
}

/// Identifies the key layout of `T`: the address of its `describe`.
#[must_use]
pub(crate) fn layout_id<T: SafeLog + ?Sized>() -> usize {
    let describe: fn(&mut Keys) = T::describe;
    describe as usize
}
