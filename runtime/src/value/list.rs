//! Lists of primitives: `Vec<T>`, `[T]`, `[T; N]`, `VecDeque<T>`,
//! `BTreeSet<T>`, `HashSet<T>` and tuples, where each item's log form is one
//! primitive. A list is one leaf under one key; a sink with arrays writes one
//! (serde, the Cloud Logging line), every other reads one text: the list as
//! a JSON array (see [`ListText`]).
//!
//! A list is bounded: after [`ListLimits::max_items`] items, or once its text
//! passes [`ListLimits::max_bytes`], it is cut, and a last string item says
//! how many were left out (`"… 4000 more"`).
//!
//! A byte buffer (`Vec<u8>`, `[u8]`, `[u8; N]`) is a payload, not a list of
//! numbers: `u8` is no [`ListItem`], so those types are not log-safe, and
//! their error says how to log a payload on purpose.

use core::fmt::{self, Write as _};
use core::sync::atomic::{AtomicUsize, Ordering};
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::hash::BuildHasher;

use crate::value::error::ErrorChain;
use crate::{Keys, SafeLog, Value, Visitor};

/// A type whose log form is one primitive, so that it can be an item of a
/// logged list: numbers (but `u8`: a list of bytes is a payload), `bool`,
/// `char`, strings, addresses, `Duration`, `SystemTime`, errors,
/// [`DisplayText`](crate::DisplayText), the foreign types of the features,
/// references and boxes of those, and derived unit enums, `display` types
/// and newtypes of an item.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an item of a logged list",
    label = "a list's items must each be one primitive",
    note = "a list logs items that are each one primitive: numbers, bools, strings, unit enums, addresses, errors; for a list of records or of lists, log a count, or the ids (`ids = items.iter().map(|i| i.id).collect::<Vec<_>>()`)",
    note = "if `{Self}` is your unit enum or newtype, `#[derive(safe_log::SafeLog)]` on it makes it an item"
)]
pub trait ListItem: SafeLog {}

/// The items of a list, as a sink reads them.
pub trait ListItems {
    /// The number of items.
    fn count(&self) -> usize;

    /// Gives each item to `sink`, in order, until it returns `false`.
    fn each(&self, sink: &mut dyn ItemSink);
}

/// Where [`ListItems::each`] puts items.
pub trait ItemSink {
    /// An item given as a primitive; returns whether to go on.
    fn value(&mut self, value: Value<'_>) -> bool;
    /// An item given as its text; returns whether to go on.
    fn display(&mut self, value: &dyn fmt::Display) -> bool;
}

/// Visits one item into an [`ItemSink`].
struct ToSink<'s> {
    sink: &'s mut dyn ItemSink,
    go_on: bool,
}

impl<'a> Visitor<'a> for ToSink<'_> {
    fn value(&mut self, _: usize, value: Value<'a>) {
        self.go_on = self.sink.value(value);
    }

    fn value_tmp(&mut self, _: usize, value: Value<'_>) {
        self.go_on = self.sink.value(value);
    }

    fn display(&mut self, _: usize, value: &dyn fmt::Display) {
        self.go_on = self.sink.display(value);
    }

    fn error(&mut self, _: usize, value: &(dyn std::error::Error + '_)) {
        self.go_on = self.sink.display(&ErrorChain(value));
    }

    fn list(&mut self, _: usize, list: &dyn ListItems) {
        self.go_on = self.sink.display(&ListText(list));
    }
}

/// Gives the items of an iterator to a sink.
fn each_of<'i, T: ListItem + 'i>(items: impl Iterator<Item = &'i T>, sink: &mut dyn ItemSink) {
    for item in items {
        let mut to = ToSink { sink, go_on: true };
        item.visit(0, &mut to);
        if !to.go_on {
            return;
        }
    }
}

/// The schema of every list: one key, a list leaf.
#[doc(hidden)]
#[derive(Debug)]
pub struct ListSchema;

#[diagnostic::do_not_recommend]
impl SafeLog for ListSchema {
    type Schema = ListSchema;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.list_leaf();
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, _: usize, _: &mut V) {}

    fn __keys() -> &'static [&'static str] {
        &[""]
    }
}

/// The items every list type shares: one key, a list leaf, visited as
/// `$items` (an expression of `self` that is a `ListItems`).
macro_rules! list_leaf {
    (|$this:ident| $items:expr) => {
        type Schema = ListSchema;
        const LEAVES: usize = 1;

        fn describe(keys: &mut Keys) {
            keys.list_leaf();
        }

        #[inline]
        fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
            let $this = self;
            visitor.list(at, $items);
        }

        fn __keys() -> &'static [&'static str] {
            &[""]
        }
    };
}

/// A slice's items (a slice itself is unsized, no `&dyn ListItems`).
struct SliceItems<'s, T>(&'s [T]);

impl<T: ListItem> ListItems for SliceItems<'_, T> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn each(&self, sink: &mut dyn ItemSink) {
        each_of(self.0.iter(), sink);
    }
}

/// Sequences: a `SafeLog` impl and a `ListItems` impl each.
macro_rules! sequences {
    ($([$($gen:tt)*] $ty:ty;)*) => {$(
        #[diagnostic::do_not_recommend]
        impl<$($gen)*> SafeLog for $ty {
            list_leaf!(|this| this);
        }

        impl<$($gen)*> ListItems for $ty {
            fn count(&self) -> usize {
                self.len()
            }

            fn each(&self, sink: &mut dyn ItemSink) {
                each_of(self.iter(), sink);
            }
        }
    )*};
}

sequences! {
    [T: ListItem] Vec<T>;
    [T: ListItem, const N: usize] [T; N];
    [T: ListItem] VecDeque<T>;
    [T: ListItem] BTreeSet<T>;
    [T: ListItem, S: BuildHasher] HashSet<T, S>;
}

#[diagnostic::do_not_recommend]
impl<T: ListItem> SafeLog for [T] {
    list_leaf!(|this| &SliceItems(this));
}

/// An item of a tuple: a [`ListItem`], or a byte (a tuple is not a
/// buffer).
pub trait TupleItem: SafeLog {}

impl<T: ListItem + ?Sized> TupleItem for T {}
impl TupleItem for u8 {}
impl TupleItem for &u8 {}
impl TupleItem for core::num::NonZero<u8> {}

/// Tuples of up to 12 items, each one primitive.
macro_rules! tuples {
    ($(($($name:ident $index:tt),+);)*) => {$(
        #[diagnostic::do_not_recommend]
        impl<$($name: TupleItem),+> SafeLog for ($($name,)+) {
            list_leaf!(|this| this);
        }

        impl<$($name: TupleItem),+> ListItems for ($($name,)+) {
            fn count(&self) -> usize {
                [$(stringify!($name)),+].len()
            }

            fn each(&self, sink: &mut dyn ItemSink) {
                $(
                    let mut to = ToSink { sink: &mut *sink, go_on: true };
                    self.$index.visit(0, &mut to);
                    if !to.go_on {
                        return;
                    }
                )+
            }
        }
    )*};
}

tuples! {
    (A 0);
    (A 0, B 1);
    (A 0, B 1, C 2);
    (A 0, B 1, C 2, D 3);
    (A 0, B 1, C 2, D 3, E 4);
    (A 0, B 1, C 2, D 3, E 4, F 5);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
}

/// The items of the library's own leaf types.
macro_rules! list_items {
    ($($ty:ty),* $(,)?) => {$(
        impl ListItem for $ty {}
    )*};
}

list_items!(
    bool, i8, i16, i32, i64, i128, isize, u16, u32, u64, u128, usize, f32, f64, char, str, String,
);
list_items!(
    core::num::NonZero<i8>,
    core::num::NonZero<i16>,
    core::num::NonZero<i32>,
    core::num::NonZero<i64>,
    core::num::NonZero<i128>,
    core::num::NonZero<isize>,
    core::num::NonZero<u16>,
    core::num::NonZero<u32>,
    core::num::NonZero<u64>,
    core::num::NonZero<u128>,
    core::num::NonZero<usize>,
);
list_items!(
    std::net::IpAddr,
    std::net::Ipv4Addr,
    std::net::Ipv6Addr,
    std::net::SocketAddr,
    std::net::SocketAddrV4,
    std::net::SocketAddrV6,
    std::time::Duration,
    std::time::SystemTime,
    std::path::Path,
    std::path::PathBuf,
    std::io::ErrorKind,
    std::io::Error,
    std::thread::ThreadId,
);

impl ListItem for std::borrow::Cow<'_, str> {}
impl<T: ListItem + ?Sized> ListItem for &T {}
impl<T: ListItem + ?Sized> ListItem for &mut T {}
impl<T: ListItem + ?Sized> ListItem for Box<T> {}
impl<T: ListItem + ?Sized> ListItem for std::rc::Rc<T> {}
impl<T: ListItem + ?Sized> ListItem for std::sync::Arc<T> {}
impl<T: fmt::Display + ?Sized> ListItem for crate::DisplayText<'_, T> {}
impl ListItem for dyn std::error::Error + '_ {}
impl ListItem for dyn std::error::Error + Send + '_ {}
impl ListItem for dyn std::error::Error + Sync + '_ {}
impl ListItem for dyn std::error::Error + Send + Sync + '_ {}

/// How far a list goes before it is cut, for every sink (see
/// [`set_list_limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListLimits {
    /// The most items written (default 1,000).
    pub max_items: usize,
    /// The most bytes of text written for the items (default 64 KiB, a
    /// quarter of a Cloud Logging entry); an item that would pass it is cut
    /// or left out.
    pub max_bytes: usize,
    /// The most bytes of one item's text (default 1,024), cut on a char
    /// boundary with `…`.
    pub max_item_bytes: usize,
}

/// The defaults: a 200,000-item list writes 1,000 items and its marker, well
/// under Cloud Logging's 256 KB entry.
pub const DEFAULT_LIST_LIMITS: ListLimits = ListLimits {
    max_items: 1_000,
    max_bytes: 64 * 1024,
    max_item_bytes: 1_024,
};

static MAX_ITEMS: AtomicUsize = AtomicUsize::new(DEFAULT_LIST_LIMITS.max_items);
static MAX_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_LIST_LIMITS.max_bytes);
static MAX_ITEM_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_LIST_LIMITS.max_item_bytes);

/// Sets how far every list goes before it is cut (each at least 1; the
/// byte limits at least 16).
pub fn set_list_limits(limits: ListLimits) {
    MAX_ITEMS.store(limits.max_items.max(1), Ordering::Relaxed);
    MAX_BYTES.store(limits.max_bytes.max(16), Ordering::Relaxed);
    MAX_ITEM_BYTES.store(limits.max_item_bytes.max(16), Ordering::Relaxed);
}

/// The limits in force.
#[must_use]
pub fn list_limits() -> ListLimits {
    ListLimits {
        max_items: MAX_ITEMS.load(Ordering::Relaxed),
        max_bytes: MAX_BYTES.load(Ordering::Relaxed),
        max_item_bytes: MAX_ITEM_BYTES.load(Ordering::Relaxed),
    }
}

/// A list as one text: a JSON array, bounded by [`list_limits`], its
/// strings escaped as the Cloud Logging line escapes them (controls, DEL,
/// C1, U+2028, U+2029 and the bidi controls as `\uXXXX`), integers whose
/// magnitude is 2^53 or more and non-finite floats as strings. What a sink
/// without arrays (tracing's `fmt`, `log`'s key-values, OpenTelemetry)
/// receives, and what the Cloud Logging layer writes as the array itself.
pub struct ListText<'l>(pub &'l dyn ListItems);

impl fmt::Debug for ListText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for ListText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_json(f, self.0)
    }
}

/// Writes `list` as [`ListText`] does, into any writer (a sink's own buffer
/// takes no formatter on the way).
pub(crate) fn write_json<W: fmt::Write + ?Sized>(out: &mut W, list: &dyn ListItems) -> fmt::Result {
    let mut json = JsonItems {
        out,
        limits: list_limits(),
        items: 0,
        bytes: 0,
        result: Ok(()),
    };
    json.result = json.out.write_char('[');
    list.each(&mut json);
    let JsonItems {
        out, items, result, ..
    } = json;
    result?;
    let left = list.count().saturating_sub(items);
    if left > 0 {
        if items > 0 {
            out.write_char(',')?;
        }
        write!(out, "\"… {left} more\"")?;
    }
    out.write_char(']')
}

/// Writes items as JSON array members.
struct JsonItems<'f, W: ?Sized> {
    out: &'f mut W,
    limits: ListLimits,
    items: usize,
    bytes: usize,
    result: fmt::Result,
}

impl<W: fmt::Write + ?Sized> JsonItems<'_, W> {
    /// Whether another item may be written; writes its separator.
    fn start(&mut self) -> bool {
        if self.result.is_err()
            || self.items >= self.limits.max_items
            || self.bytes >= self.limits.max_bytes
        {
            return false;
        }
        if self.items > 0 {
            self.result = self.out.write_char(',');
            self.bytes += 1;
        }
        true
    }

    fn end(&mut self) -> bool {
        self.items += 1;
        self.result.is_ok()
    }

    /// A string item: `text`, or `display`'s text when `text` is `None`.
    fn string(&mut self, text: Option<&str>, display: &dyn fmt::Display) {
        let cap = self
            .limits
            .max_item_bytes
            .min(self.limits.max_bytes.saturating_sub(self.bytes));
        let mut escaped = JsonString {
            out: &mut *self.out,
            written: 0,
            cap,
            cut: false,
        };
        let mut result = escaped.out.write_char('"');
        if result.is_ok() {
            match text {
                Some(text) => {
                    let _ = escaped.write_str(text);
                }
                None => {
                    // A `Display` that fails leaves its text so far.
                    let _ = write!(escaped, "{}", crate::value::text::Total(display));
                }
            }
            if escaped.cut {
                result = escaped.out.write_str(crate::TRUNCATED);
            }
        }
        let written = escaped.written;
        self.result = result.and_then(|()| self.out.write_char('"'));
        self.bytes += written + 2;
    }
}

impl<W: fmt::Write + ?Sized> ItemSink for JsonItems<'_, W> {
    fn value(&mut self, value: Value<'_>) -> bool {
        const EXACT: u64 = 1 << 53;
        if !self.start() {
            return false;
        }
        let before = self.bytes;
        self.result = match value {
            Value::Null => self.out.write_str("null"),
            Value::Bool(x) => write!(self.out, "{x}"),
            Value::I64(x) if x.unsigned_abs() >= EXACT => write!(self.out, "\"{x}\""),
            Value::I64(x) => write!(self.out, "{x}"),
            Value::U64(x) if x >= EXACT => write!(self.out, "\"{x}\""),
            Value::U64(x) => write!(self.out, "{x}"),
            Value::F64(x) if x.is_nan() => self.out.write_str("\"NaN\""),
            Value::F64(x) if x.is_infinite() && x > 0.0 => self.out.write_str("\"Infinity\""),
            Value::F64(x) if x.is_infinite() => self.out.write_str("\"-Infinity\""),
            Value::F64(x) => write!(self.out, "{x:?}"),
            Value::Str(x) => {
                self.string(Some(x), &"");
                Ok(())
            }
        };
        if self.bytes == before {
            // A number: about its length.
            self.bytes += 8;
        }
        self.end()
    }

    fn display(&mut self, value: &dyn fmt::Display) -> bool {
        if !self.start() {
            return false;
        }
        self.string(None, value);
        self.end()
    }
}

/// Escapes text as the inside of a JSON string, up to `cap` bytes of it.
struct JsonString<'f, W: ?Sized> {
    out: &'f mut W,
    written: usize,
    cap: usize,
    cut: bool,
}

impl<W: fmt::Write + ?Sized> fmt::Write for JsonString<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while !rest.is_empty() && !self.cut {
            // A run of printable ASCII but `"` and `\\`, written at once.
            let run = rest
                .bytes()
                .position(|b| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\')
                .unwrap_or(rest.len());
            if run > 0 {
                let room = self.cap.saturating_sub(self.written);
                let take = run.min(room);
                self.out.write_str(&rest[..take])?;
                self.written += take;
                if take < run {
                    self.cut = true;
                    return Ok(());
                }
                rest = &rest[run..];
                continue;
            }
            let Some(c) = rest.chars().next() else {
                break;
            };
            rest = &rest[c.len_utf8()..];
            let mut buf = [0u8; 8];
            let piece: &str = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                c if crate::value::text::forges(c) => {
                    let mut hex = StackHex::default();
                    let _ = write!(hex, "\\u{:04x}", u32::from(c));
                    let len = hex.len;
                    buf[..len].copy_from_slice(&hex.buf[..len]);
                    core::str::from_utf8(&buf[..len]).unwrap_or("")
                }
                c => c.encode_utf8(&mut buf),
            };
            if self.written + piece.len() > self.cap {
                self.cut = true;
                return Ok(());
            }
            self.out.write_str(piece)?;
            self.written += piece.len();
        }
        Ok(())
    }
}

/// Six bytes for a `\uXXXX` escape.
#[derive(Default)]
struct StackHex {
    buf: [u8; 8],
    len: usize,
}

impl fmt::Write for StackHex {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(feature = "uuid")]
impl ListItem for uuid::Uuid {}
#[cfg(feature = "url")]
impl ListItem for url::Url {}
#[cfg(feature = "anyhow")]
impl ListItem for anyhow::Error {}
#[cfg(feature = "http")]
list_items!(
    http::StatusCode,
    http::Method,
    http::Version,
    http::uri::Scheme,
    http::uri::Authority,
    http::uri::PathAndQuery,
    http::Uri,
);
#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> ListItem for chrono::DateTime<Tz> {}
#[cfg(feature = "time")]
list_items!(time::OffsetDateTime, time::UtcDateTime);
#[cfg(feature = "jiff")]
list_items!(jiff::Timestamp, jiff::Zoned);
