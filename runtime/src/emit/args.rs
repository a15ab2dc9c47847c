//! The arguments of an event: each checked for `SafeLog` at its value,
//! their schemas and leaf count known from the types alone; filled into an
//! event's fields by code made for their types ([`ArgList::fill_from`]), or
//! erased behind one virtual call each ([`ArgValues`]) where a path takes
//! them as values of any type.

use core::fmt;
use core::marker::PhantomData;

use std::error::Error;

use super::fill::Fill;
use super::message::write_text;
use super::site::Pending;
use crate::__private::NoKeys;
use crate::{Keys, Layout, Record, SafeLog};

/// One argument of an event, with its type erased: a record is visited by
/// its own monomorphized `visit`, with a concrete visitor, behind one
/// virtual call per argument.
pub trait ErasedArg {
    /// Visits the value's leaves into the event's fields.
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>);
    /// The value's keys.
    fn describe(&self, keys: &mut Keys);
    /// Identifies the value's key layout.
    fn layout_id(&self) -> usize;
    /// Writes the value as text, for a message argument.
    ///
    /// # Errors
    ///
    /// When the formatter's writer fails.
    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// Visits the value's leaves into a span's fields.
    #[doc(hidden)]
    fn visit_record(&self, visitor: &mut super::record::RecordInto<'_>);
    /// Visits the value's leaves as `log` key-values.
    #[cfg(feature = "log")]
    #[doc(hidden)]
    fn visit_log<'a>(&'a self, at: usize, pairs: &mut crate::sink::log_kv::Pairs<'_, 'a>);
}

impl<T: SafeLog + ?Sized> ErasedArg for T {
    #[inline]
    fn visit_into<'a>(&'a self, at: usize, fill: &mut Fill<'_, 'a>) {
        self.visit(at, fill);
    }

    fn describe(&self, keys: &mut Keys) {
        T::describe(keys);
    }

    fn layout_id(&self) -> usize {
        crate::value::keys::layout_id::<T>()
    }

    fn write_text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_text(self, f)
    }

    fn visit_record(&self, visitor: &mut super::record::RecordInto<'_>) {
        self.visit(0, visitor);
    }

    #[cfg(feature = "log")]
    fn visit_log<'a>(&'a self, at: usize, pairs: &mut crate::sink::log_kv::Pairs<'_, 'a>) {
        self.visit(at, pairs);
    }
}

/// An event argument whose log form is chosen: `V` is what is visited (a
/// reference to a log-safe value, or an error seen as its chain), `S` the
/// schema its keys come from.
pub struct Arg<S: ?Sized, V> {
    value: V,
    schema: PhantomData<S>,
}

impl<S: ?Sized, V> Arg<S, V> {
    /// What is visited.
    pub(crate) fn into_value(self) -> V {
        self.value
    }

    /// What is visited.
    pub fn value(&self) -> &V {
        &self.value
    }
}

impl<S: ?Sized, V> fmt::Debug for Arg<S, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Arg(..)")
    }
}

/// `name = value` for a log-safe value. The schema is a parameter bound by
/// equality rather than a projection in the signature, so a value that is
/// not log-safe fails this one bound and nothing else.
#[inline]
pub fn arg<T: SafeLog<Schema = S> + ?Sized, S: ?Sized>(value: &T) -> Arg<S, &T> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// `..value`: a record whose keys go at the top level of the event.
#[inline]
pub fn spread<T: Record<Schema = S> + ?Sized, S: ?Sized>(value: &T) -> Arg<S, &T> {
    Arg {
        value,
        schema: PhantomData,
    }
}

/// A value at a call site, before its log form is chosen. The macro writes
/// `(&&Probe(&value)).__safe_log_arg()`; method resolution then tries, in
/// order: [`ViaSafeLog`] (the value's own `SafeLog` form), [`ViaError`] (an
/// error's chain), and the inherent method, whose result
/// [`checked`] refuses with the call-site message. Nothing is decided at
/// run time.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> fmt::Debug for Probe<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Probe(..)")
    }
}

/// The first choice: a value that implements `SafeLog` is logged by it.
pub trait ViaSafeLog {
    /// The argument.
    type Arg;
    /// The argument.
    fn __safe_log_arg(self) -> Self::Arg;
}

impl<'a, T: SafeLog + ?Sized> ViaSafeLog for &&Probe<'a, T> {
    type Arg = Arg<T::Schema, &'a T>;

    #[inline]
    fn __safe_log_arg(self) -> Self::Arg {
        arg(self.0)
    }
}

/// The second choice: an error is logged as its chain of messages.
pub trait ViaError {
    /// The argument.
    type Arg;
    /// The argument.
    fn __safe_log_arg(self) -> Self::Arg;
}

impl<'a, E: Error> ViaError for &Probe<'a, E> {
    type Arg = Arg<str, AsError<'a, E>>;

    #[inline]
    fn __safe_log_arg(self) -> Self::Arg {
        Arg {
            value: AsError(self.0),
            schema: PhantomData,
        }
    }
}

impl<'a, T: ?Sized> Probe<'a, T> {
    /// The last choice: neither log-safe nor an error; [`checked`] turns
    /// this into the compile error.
    #[inline]
    #[must_use]
    pub fn __safe_log_arg(self) -> NotLogSafe<'a, T> {
        NotLogSafe(self.0)
    }
}

/// An error at a call site, logged as its chain (see
/// [`ErrorChain`](crate::ErrorChain)).
pub struct AsError<'a, E>(&'a E);

#[diagnostic::do_not_recommend]
impl<E: Error> SafeLog for AsError<'_, E> {
    type Schema = str;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.leaf();
    }

    #[inline]
    fn visit<'a, V: crate::Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.error(at, self.0);
    }

    fn __keys() -> &'static [&'static str] {
        &[""]
    }
}

/// A value that has no log form.
pub struct NotLogSafe<'a, T: ?Sized>(&'a T);

impl<T: ?Sized> NotLogSafe<'_, T> {
    /// The type a compile error names: `T`, before its wrappers are taken
    /// off (see [`Peel`]).
    #[inline]
    #[must_use]
    pub fn __peel_start(&self) -> Peel<T> {
        Peel(PhantomData)
    }

    /// No log form: [`LogValue`] says so, and nothing else.
    #[inline]
    #[must_use]
    pub fn __label_ty(&self) -> Peel<Fine> {
        Peel(PhantomData)
    }
}

impl<S: ?Sized, V> Arg<S, V> {
    /// A log-safe argument: nothing for a compile error to name.
    #[inline]
    #[must_use]
    pub fn __peel_start(&self) -> Peel<Fine> {
        Peel(PhantomData)
    }

    /// The value's type, for [`LabelValue`] (its wrappers are taken off).
    #[inline]
    #[must_use]
    pub fn __label_ty(&self) -> Peel<V> {
        Peel(PhantomData)
    }
}

/// What a key under `labels.` takes: one value, whose text becomes a string
/// of Cloud Logging's `logging.googleapis.com/labels` map. This trait exists
/// for its compile error on a record or a list under `labels.`.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not one value, so it cannot be a label",
    label = "a label is one string",
    note = "labels (`logging.googleapis.com/labels`) are a flat map of strings: log one primitive under each `labels.KEY`, and a record or a list as a field outside `labels.`"
)]
pub trait LabelValue<T: ?Sized> {
    #[doc(hidden)]
    fn __check_label(&self, _: PhantomData<T>) {}
}

#[diagnostic::do_not_recommend]
impl<T: crate::TupleItem + ?Sized> LabelValue<T> for CallSite {}

#[diagnostic::do_not_recommend]
impl LabelValue<Fine> for CallSite {}

/// A type on its way to the compile error of a value without a log form:
/// [`PeelWrapper`] takes off the wrappers that log what they hold (`&`,
/// `Option`, `Box`, `Rc`, `Arc`), so that the error names `Frame`, not
/// `Option<&Frame>`. Only types: no value is touched.
pub struct Peel<T: ?Sized>(PhantomData<fn() -> PhantomData<T>>);

impl<T: ?Sized> Clone for Peel<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Peel<T> {}

impl<T: ?Sized> Peel<T> {
    /// The last choice: nothing to take off.
    #[inline]
    #[must_use]
    pub fn __peel(self) -> Self {
        self
    }

    /// The type, for [`LogValue::__check`].
    #[inline]
    #[must_use]
    pub fn __ty(self) -> PhantomData<T> {
        PhantomData
    }
}

/// Takes one wrapper off (method resolution prefers it to
/// [`Peel::__peel`], which takes none).
pub trait PeelWrapper {
    /// The type inside.
    type Inner;
    /// The type inside.
    fn __peel(self) -> Self::Inner;
}

macro_rules! peel_wrappers {
    ($($ty:ty),*) => {$(
        impl<T: ?Sized> PeelWrapper for &Peel<$ty> {
            type Inner = Peel<T>;

            #[inline]
            fn __peel(self) -> Peel<T> {
                Peel(PhantomData)
            }
        }
    )*};
}

peel_wrappers!(&T, &mut T, Box<T>, std::rc::Rc<T>, std::sync::Arc<T>);

impl<T> PeelWrapper for &Peel<Option<T>> {
    type Inner = Peel<T>;

    #[inline]
    fn __peel(self) -> Peel<T> {
        Peel(PhantomData)
    }
}

/// What a log-safe argument's check names: it is [`LogValue`], and nothing
/// else is.
pub struct Fine;

#[diagnostic::do_not_recommend]
impl LogValue<Fine> for CallSite {
    fn __check(&self, _: PhantomData<Fine>) {}
}

/// A second impl, so that rustc infers the checked type from the argument
/// rather than from the one impl there would be.
#[diagnostic::do_not_recommend]
impl LogValue<NoKeys> for CallSite {
    fn __check(&self, _: PhantomData<NoKeys>) {}
}

/// Where a value is logged: a call site of safe-log's macros. It implements
/// [`LogValue`] for no type but its own checks.
#[derive(Debug)]
pub struct CallSite;

/// What a call site logs when a value is neither `SafeLog` nor an error:
/// nothing. This trait exists for its compile error, which names the type
/// inside the value's wrappers (`Frame` for an `Option<&Frame>`) and says
/// what to do; it is implemented for no log value, and none should be.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not log-safe",
    label = "`{T}` has no log form",
    note = "a log value is a primitive (bool, integer, float, string), a record that derives `SafeLog`, or an error (`std::error::Error`, logged as its chain of messages)",
    note = "if `{T}` is your type, add `#[derive(safe_log::SafeLog)]` to it; if it is a type parameter or an `impl Trait`, add the bound `safe_log::SafeLog` (or `std::error::Error` for an error)",
    note = "if it is a type of uuid, http, url, chrono, time, jiff or anyhow, enable safe-log's feature named after that crate; otherwise log the parts you need, or its `Display` text on purpose with `safe_log::display(&value)`",
    note = "a list (`Vec`, slice, array, set, tuple) is log-safe when each item is one primitive: for a list of records or of lists, log a count or the ids; a byte buffer (`Vec<u8>`, `&[u8]`) is a payload: log its length, or its text on purpose (`safe_log::display(&String::from_utf8_lossy(&bytes))`)"
)]
pub trait LogValue<T: ?Sized> {
    #[doc(hidden)]
    fn __check(&self, _: PhantomData<T>);
}

/// What `#[safe_log::instrument]` records of an argument that has no log
/// form: nothing. This trait exists for its compile error, which names the
/// argument (`Name` is a type named after it) and its type `T`; it is
/// implemented for no argument without a log form.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not log-safe, so `#[safe_log::instrument]` cannot record `{Name}`",
    label = "`{Name}` has no log form",
    note = "`#[safe_log::instrument]` records every argument by its log form, never with `Debug`",
    note = "add `skip({Name})` to the attribute (or `skip_all`), and record what you need of it in `fields(...)`",
    note = "if `{T}` is your type, `#[derive(safe_log::SafeLog)]` on it gives it a log form; if it is a type of uuid, http, url, chrono, time, jiff or anyhow, enable safe-log's feature named after that crate"
)]
pub trait InstrumentArgument<Name, T: ?Sized> {
    #[doc(hidden)]
    fn __check_argument(&self, _: PhantomData<Name>, _: PhantomData<T>);
}

#[diagnostic::do_not_recommend]
impl<Name> InstrumentArgument<Name, Fine> for CallSite {
    fn __check_argument(&self, _: PhantomData<Name>, _: PhantomData<Fine>) {}
}

#[diagnostic::do_not_recommend]
impl<Name> InstrumentArgument<Name, NoKeys> for CallSite {
    fn __check_argument(&self, _: PhantomData<Name>, _: PhantomData<NoKeys>) {}
}

/// What `#[safe_log::instrument]` records of a `self` that has no log form:
/// nothing. This trait exists for its compile error; it is implemented for
/// no `self` without a log form.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not log-safe, so `#[safe_log::instrument]` cannot record `self`",
    label = "`self` has no log form",
    note = "`#[safe_log::instrument]` records every argument by its log form, never with `Debug`",
    note = "add `skip(self)` to the attribute (or `skip_all`), and record what you need of it in `fields(...)`",
    note = "if `{T}` is your type, `#[derive(safe_log::SafeLog)]` on it gives it a log form"
)]
pub trait InstrumentSelf<T: ?Sized> {
    #[doc(hidden)]
    fn __check_self(&self, _: PhantomData<T>);
}

#[diagnostic::do_not_recommend]
impl InstrumentSelf<Fine> for CallSite {
    fn __check_self(&self, _: PhantomData<Fine>) {}
}

#[diagnostic::do_not_recommend]
impl InstrumentSelf<NoKeys> for CallSite {
    fn __check_self(&self, _: PhantomData<NoKeys>) {}
}

/// Turns the chosen form into an argument: a value without a log form is
/// refused by [`LogValue`], checked beside it.
pub trait IntoArg {
    /// The argument.
    type Arg;
    /// The argument.
    fn into_arg(self) -> Self::Arg;
}

impl<S: ?Sized, V> IntoArg for Arg<S, V> {
    type Arg = Self;

    #[inline]
    fn into_arg(self) -> Self {
        self
    }
}

impl<T: ?Sized> IntoArg for NotLogSafe<'_, T> {
    type Arg = Arg<NoKeys, ()>;

    fn into_arg(self) -> Self::Arg {
        let _ = self.0;
        Arg {
            value: (),
            schema: PhantomData,
        }
    }
}

/// A call site's argument, after [`Probe`] chose its form (a value without
/// one is refused beside it, by [`LogValue`]).
#[inline]
pub fn checked<A: IntoArg<Arg = R>, R>(chosen: A) -> R {
    chosen.into_arg()
}

/// The schemas of an event's arguments, without their values.
#[inline]
#[must_use]
pub fn probe<A: ArgList>(_: &A) -> PhantomData<A::Schemas> {
    PhantomData
}

/// The schemas of the arguments an event closure builds, from its type
/// alone.
#[inline]
#[must_use]
pub fn schemas_of<S: ArgSchemas, F: FnOnce(Option<Pending>) -> PhantomData<S>>(
    _: &F,
) -> PhantomData<S> {
    PhantomData
}

/// The schemas of the fields a span closure builds, from its type alone.
#[inline]
#[must_use]
pub fn span_schemas_of<
    S: ArgSchemas,
    F: FnOnce(Option<Pending>) -> (tracing::Span, PhantomData<S>),
>(
    _: &F,
) -> PhantomData<S> {
    PhantomData
}

/// The values of an event's arguments, in order.
pub trait ArgValues {
    /// Calls `f` with each argument, in order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg));

    /// Visits each argument into the event's fields, the first leaf of
    /// argument `i` at `starts[i]`.
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>);

    /// Visits each argument as `log` key-values, as [`ArgValues::fill_all`].
    #[cfg(feature = "log")]
    #[doc(hidden)]
    fn visit_log_all<'x>(
        &'x self,
        starts: &[usize],
        pairs: &mut crate::sink::log_kv::Pairs<'_, 'x>,
    );
}

/// The arguments of an event, as nested pairs `(Arg, (Arg, ()))`, so that
/// any number of them is one type.
pub trait ArgList: ArgValues {
    /// The schemas of the arguments, as nested pairs.
    type Schemas: ArgSchemas;

    /// The number of leaves of all the arguments: the fields they fill.
    const LEAVES: usize;

    /// Visits each argument into the event's fields, the first leaf of the
    /// first argument at `at` and each argument's right after the previous
    /// one's: the layout the callsite's `starts` hold, known here from the
    /// types, so that a call with a constant `at` needs no table and no
    /// virtual call.
    fn fill_from<'x>(&'x self, at: usize, fill: &mut Fill<'_, 'x>);
}

impl ArgValues for () {
    fn each<'a>(&'a self, _: &mut dyn FnMut(&'a dyn ErasedArg)) {}

    fn fill_all<'x>(&'x self, _: &[usize], _: &mut Fill<'_, 'x>) {}

    #[cfg(feature = "log")]
    fn visit_log_all<'x>(&'x self, _: &[usize], _: &mut crate::sink::log_kv::Pairs<'_, 'x>) {}
}

impl ArgList for () {
    type Schemas = ();
    const LEAVES: usize = 0;

    #[inline]
    fn fill_from<'x>(&'x self, _: usize, _: &mut Fill<'_, 'x>) {}
}

impl<S: ?Sized, V: ErasedArg, R: ArgValues> ArgValues for (Arg<S, V>, R) {
    #[inline]
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'a dyn ErasedArg)) {
        f(&self.0.value);
        self.1.each(f);
    }

    #[inline]
    fn fill_all<'x>(&'x self, starts: &[usize], fill: &mut Fill<'_, 'x>) {
        if let Some((&at, rest)) = starts.split_first() {
            self.0.value.visit_into(at, fill);
            self.1.fill_all(rest, fill);
        }
    }

    #[cfg(feature = "log")]
    fn visit_log_all<'x>(
        &'x self,
        starts: &[usize],
        pairs: &mut crate::sink::log_kv::Pairs<'_, 'x>,
    ) {
        if let Some((&at, rest)) = starts.split_first() {
            self.0.value.visit_log(at, pairs);
            self.1.visit_log_all(rest, pairs);
        }
    }
}

impl<S: ?Sized + Layout + 'static, V: SafeLog, R: ArgList> ArgList for (Arg<S, V>, R) {
    type Schemas = (PhantomData<S>, R::Schemas);
    const LEAVES: usize = V::LEAVES + R::LEAVES;

    #[inline]
    fn fill_from<'x>(&'x self, at: usize, fill: &mut Fill<'_, 'x>) {
        self.0.value.visit(at, fill);
        self.1.fill_from(at + V::LEAVES, fill);
    }
}

/// The schemas of an event's arguments.
pub trait ArgSchemas: 'static {
    /// Whether every schema is exact.
    const EXACT: bool;
    /// Pushes the keys of the arguments, each under its name, and the index
    /// of each argument's first key to `starts`.
    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>);
}

impl ArgSchemas for () {
    const EXACT: bool = true;
    fn describe(_: &[&str], _: &mut Keys, _: &mut Vec<usize>) {}
}

impl<S: ?Sized + Layout + 'static, R: ArgSchemas> ArgSchemas for (PhantomData<S>, R) {
    const EXACT: bool = S::EXACT && R::EXACT;

    fn describe(names: &[&str], keys: &mut Keys, starts: &mut Vec<usize>) {
        let (name, rest) = names.split_first().map_or(("", names), |(n, r)| (n, r));
        starts.push(keys.len());
        describe_named(name, keys, S::describe);
        R::describe(rest, keys, starts);
    }
}

/// Describes the keys of one argument under its name (none for a spread
/// record).
pub(crate) fn describe_named(name: &str, keys: &mut Keys, describe: impl FnOnce(&mut Keys)) {
    if name.is_empty() {
        describe(keys);
    } else {
        let mark = keys.enter(name);
        describe(keys);
        keys.leave(mark);
    }
}
