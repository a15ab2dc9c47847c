//! The value model: the closed set of primitives ([`Value`]), the traits
//! every log-safe type implements ([`SafeLog`], [`Layout`], [`Record`]), and
//! the rooms around them:
//!
//! - [`std_types`]: `SafeLog` for the std types (where to add one);
//! - [`error`]: errors as log values, one string of their chain;
//! - [`foreign`]: other crates' types, each behind a feature named after
//!   its crate (where to add one);
//! - [`keys`]: the dotted keys of a type, built once per type;
//! - [`fields`]: [`Fields`](crate::Fields), a value's keys and values to
//!   read;
//! - [`text`]: the text forms shared by every sink (`Display` that cannot
//!   fail, truncation, RFC 3339).

/// The items every leaf type shares: one key, the empty path below the
/// prefix.
macro_rules! leaf {
    () => {
        leaf!(schema = Self);
    };
    (schema = $schema:ty) => {
        type Schema = $schema;
        const LEAVES: usize = 1;

        fn describe(keys: &mut $crate::Keys) {
            keys.leaf();
        }

        fn __keys() -> &'static [&'static str] {
            &[""]
        }
    };
}

pub(crate) mod display;
pub(crate) mod empty;
pub(crate) mod error;
pub(crate) mod fields;
mod foreign;
pub(crate) mod keys;
pub(crate) mod list;
pub(crate) mod marks;
pub(crate) mod max_len;
pub(crate) mod reserved;
mod std_types;
pub(crate) mod text;
pub(crate) mod with;

use core::fmt;

use tracing_core::field::Value as TracingValue;

use crate::Keys;

/// One primitive log value, borrowed.
///
/// This is the whole value model of safe-log: every key of a log event holds
/// one of these, and nothing else crosses into a sink. It is what tracing,
/// `log`'s key-values, serde, OpenTelemetry attributes and Cloud Logging's
/// `jsonPayload` have in common.
///
/// Floats keep their bits here, NaN and infinities included; sinks that cannot
/// represent them (JSON) write them as the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`, as [`Fields`](crate::Fields) does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// The absence of a value, written `null` (the value of `()`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A float (`f32` values are widened exactly).
    F64(f64),
    /// A string.
    Str(&'a str),
}

/// Receives the leaves of a [`SafeLog`] value, in key order.
///
/// Each leaf arrives with its index `at` into the value's key list (see
/// [`keys`](crate::keys)); a leaf whose key is absent (a `None`, an enum variant
/// that is not the current one) is simply not visited. A visitor must tolerate
/// any index, including one outside the key list, without panicking.
///
/// Sinks implement this trait; user code rarely needs to. [`Fields`](crate::Fields)
/// is the easy way to read a value's keys and values.
pub trait Visitor<'a> {
    /// A leaf borrowed from the visited value: it lives as long as the value.
    fn value(&mut self, at: usize, value: Value<'a>);

    /// A leaf computed during the visit (a `char`, an `i128`, the result of a
    /// `#[safe_log(with = ...)]` function): it lives only for this call.
    fn value_tmp(&mut self, at: usize, value: Value<'_>);

    /// A string leaf given by its `Display` text (an `IpAddr`, a
    /// `#[safe_log(display)]` field, a truncated string).
    ///
    /// The visitor renders the text itself. A `Display` implementation can
    /// return an error; a visitor must then still produce a string (safe-log's
    /// own sinks write [`FMT_ERROR`](crate::FMT_ERROR) after what was written),
    /// never drop the event and never panic.
    fn display(&mut self, at: usize, value: &dyn fmt::Display);

    /// A string leaf that is an error: its text is the error's chain of
    /// messages ([`ErrorChain`](crate::ErrorChain)). By default it is
    /// rendered as that text through [`Visitor::display`]; the tracing
    /// backend overrides it so that subscribers see an error
    /// (`Visit::record_error`) whose message is the chain.
    #[inline]
    fn error(&mut self, at: usize, value: &(dyn std::error::Error + '_)) {
        self.display(at, &crate::value::error::ErrorChain(value));
    }

    /// A leaf that is a list of primitives (a `Vec<String>`, a tuple). By
    /// default it is rendered as one text, a JSON array
    /// ([`ListText`](crate::ListText)), through [`Visitor::display`]; sinks
    /// with arrays (serde) override it.
    #[inline]
    fn list(&mut self, at: usize, list: &dyn crate::ListItems) {
        self.display(at, &crate::value::list::ListText(list));
    }

    /// A leaf borrowed from the visited value, also given as a tracing
    /// value that points into the visited value, so that the tracing backend
    /// hands subscribers a reference without copying. Other visitors take
    /// `value`.
    #[doc(hidden)]
    #[inline]
    fn __leaf(&mut self, at: usize, direct: &'a dyn TracingValue, value: Value<'a>) {
        let _ = direct;
        self.value(at, value);
    }
}

/// A type that can be logged: a primitive, or a record of primitives with keys
/// fixed at compile time.
///
/// Implemented for the primitives (`bool`, integers, floats, `char`, strings),
/// for `&T`, `Box<T>`, `Rc<T>`, `Arc<T>`, `Cow<T>` and `Option<T>` of log-safe
/// types, for plain-data std types with one obvious text form (`IpAddr`,
/// `SocketAddr`, `Duration`, `Path`, ...), and for every type with
/// `#[derive(SafeLog)]`.
///
/// Lists and tuples whose items are each one primitive ([`ListItem`](crate::ListItem))
/// are one value under one key (see [`ListItems`](crate::ListItems)).
///
/// It is deliberately not implemented for maps, sequences of records, byte
/// buffers, trait objects, raw pointers or foreign types: their keys or
/// their text would be decided at run time, which is the class of failure
/// safe-log removes.
///
/// # Implementing it
///
/// Use `#[derive(SafeLog)]`. To log a foreign type, wrap it in a newtype
/// that derives `SafeLog`, or choose its form on the field:
/// `#[safe_log(display)]`, `#[safe_log(with = path::to::fn)]`,
/// `#[safe_log(redact)]` or `#[safe_log(skip)]`.
///
/// A manual implementation must keep three items in agreement:
/// [`describe`](SafeLog::describe) pushes exactly [`LEAVES`](SafeLog::LEAVES)
/// keys, and [`visit`](SafeLog::visit) visits each present leaf once, at
/// `at + i` where `i` is the index of its key. `describe` depends on the type
/// alone: sinks build a type's keys once and reuse them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not log-safe",
    label = "`{Self}` does not implement `SafeLog`",
    note = "a log value must be a primitive (bool, integer, float, string) or a record of them, with keys fixed at compile time",
    note = "if `{Self}` is your type, add `#[derive(safe_log::SafeLog)]` to it",
    note = "if it is a type of uuid, http, url, chrono, time, jiff or anyhow, enable safe-log's feature named after that crate",
    note = "a list (`Vec`, slice, array, set, tuple) is log-safe when each item is one primitive; for a list of records, log a count or the ids; a byte buffer (`Vec<u8>`) is a payload: log its length",
    note = "otherwise choose its form on the field: `#[safe_log(display)]` (its `Display` text), `#[safe_log(with = path::to::fn)]` (convert it), `#[safe_log(redact)]` (hide it) or `#[safe_log(skip)]` (leave it out)"
)]
// Every impl of the runtime carries `#[diagnostic::do_not_recommend]`: rustc
// then lists none of them ("the following other types implement trait
// `SafeLog`") in an error about another type. (Derived impls do not: the
// attribute does not resolve under `#[no_implicit_prelude]`; an error may
// list the user's own records.) The derive checks the type inside a field's
// wrappers itself (`Option<Frame>` names `Frame`), which rustc no longer
// walks to.
pub trait SafeLog {
    /// A `'static` type that stands for this type with its lifetimes
    /// erased: a sink that must know a value's keys before it has the value
    /// (a tracing call site deciding whether an event is enabled) finds them
    /// by its `TypeId`.
    ///
    /// Leaf types use themselves; wrappers use what they wrap; the derive
    /// uses a marker type of its own, paired with the schemas of the fields
    /// whose type mentions a type parameter. The one case a schema cannot
    /// tell apart, a generic record with a `with` function whose result type
    /// depends on the parameter, is resolved by the sinks, which check the
    /// layout ([`SafeLog::describe`]) once they hold the value.
    type Schema: ?Sized + Layout + 'static;

    /// The number of keys: 1 for a primitive, the sum of the fields' for a
    /// record.
    const LEAVES: usize;

    /// Pushes this type's keys, in order, below the current prefix of `keys`.
    fn describe(keys: &mut Keys);

    /// Hands each present leaf to `visitor`, at index `at` plus the index of
    /// its key.
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V);

    /// Visits the value behind a reference; `str` overrides it to hand out
    /// the reference itself (a `&&str` is a tracing value, a `&str` is not).
    #[doc(hidden)]
    #[inline]
    fn __visit_ref<'a, 'b: 'a, V: Visitor<'a> + ?Sized>(
        this: &'a &'b Self,
        at: usize,
        visitor: &mut V,
    ) {
        Self::visit(*this, at, visitor);
    }

    /// The key table of this type, built once.
    #[doc(hidden)]
    #[must_use]
    fn __keys() -> &'static [&'static str] {
        crate::value::keys::by_layout::<Self>()
    }
}

/// The keys of a [`SafeLog::Schema`]: what a sink needs to know about a
/// type's keys before it holds a value of the type.
///
/// Implemented for every `'static` log-safe type, which can be its own
/// schema, and for the schema types the derive generates for generic types.
/// A manual [`SafeLog`] implementation can use `Self` (with `'static`
/// lifetimes) or an existing schema (`type Schema = String;` for a string
/// leaf).
pub trait Layout {
    /// Whether [`Layout::describe`] gives the keys of every type with this
    /// schema. It is `false` only for a generic record with a
    /// `#[safe_log(with = ...)]` function over a type parameter, whose result
    /// type (and keys) the schema cannot name; sinks then describe the value's
    /// own type once they hold a value.
    const EXACT: bool = true;

    /// Pushes the keys, as [`SafeLog::describe`] does.
    fn describe(keys: &mut Keys);
}

/// Every log-safe type that is `'static` is the schema of itself, and of
/// the types that differ from it only in lifetimes.
impl<T: SafeLog + ?Sized + 'static> Layout for T {
    fn describe(keys: &mut Keys) {
        T::describe(keys);
    }
}

/// A log-safe type whose keys can be merged into a parent record with
/// `#[safe_log(flatten)]`: a struct with named fields that derives
/// [`SafeLog`], or a reference, box or option of one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a record, so its keys cannot be merged into the parent's",
    label = "a struct with named fields that derives `SafeLog` is needed here",
    note = "`#[safe_log(flatten)]` on a field and `..value` at a call site take a struct with named fields that derives `SafeLog` (or a reference, box or option of one); log this value under a key of its own instead (remove `flatten`, or write `key = value`)"
)]
pub trait Record: SafeLog {
    /// The number of keys, read where a record is flattened: through this
    /// trait, so that a type that is not a record is one error, `Record`'s.
    #[doc(hidden)]
    const __FLATTEN_LEAVES: usize = <Self as SafeLog>::LEAVES;

    /// `..value` at a call site: the record, whose keys go at the top level.
    #[doc(hidden)]
    #[inline]
    fn __spread(&self) -> crate::emit::args::Arg<Self::Schema, &Self> {
        crate::emit::args::spread(self)
    }
}
