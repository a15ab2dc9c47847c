//! Helpers called by the code `#[derive(SafeLog)]` generates. Not a public
//! API: names and signatures change without notice.

use core::fmt;
use core::marker::PhantomData;
pub use std::rc::Rc;
pub use std::sync::Arc;

pub use crate::emit::args::{
    Arg, ArgList, ArgSchemas, ArgValues, AsError, ErasedArg, Fine, IntoArg, NotLogSafe, Peel,
    PeelWrapper, Probe, ViaError, ViaSafeLog, arg, checked, probe, schemas_of, span_schemas_of,
    spread,
};
pub use crate::emit::callsite::EventCallsite;
pub use crate::emit::fill::{Computed, Fill};
pub use crate::emit::message::{MessageArg, Number, message_arg};
pub use crate::emit::record::{RecordInto, record};
pub use crate::emit::site::{Gate, Parent, Pending, Site, SiteInfo};
#[cfg(feature = "log")]
pub use crate::sink::log_kv::Pairs;
pub use crate::value::display::{
    ChosenDisplay, DisplayProbe, NoDisplay, ViaDisplayOption, ViaDisplayText,
};
pub use crate::value::keys::KeyCache;
pub use crate::value::reserved::{RESERVED_KEYS, RESERVED_PREFIX, is_reserved};
pub use tracing::{Instrument, Span};

// Short paths for the expansion's signatures.
pub use core::marker::Sized;
pub use core::primitive::usize;

/// What `SafeLog::__keys` returns.
pub type KeyTable = &'static [&'static str];
// The names the derive's expansion imports in one `use`.
pub use crate::value::text::REDACTED;
use crate::value::text::Truncate;
pub use crate::{Keys, Layout, ListItem, Record, SafeLog, Value, Visitor};
pub use safe_log_macros::__event as event;

/// The schema of the fallback impl a derive emits after an attribute
/// mistake: no keys.
pub enum NoKeys {}

impl crate::Layout for NoKeys {
    fn describe(_: &mut Keys) {}
}

/// A `#[safe_log(error, max_len = N)]` field: the chain, cut.
#[inline]
pub fn error_truncated<'a>(
    error: &'a (dyn std::error::Error + 'a),
    max: usize,
) -> ErrorTruncated<'a> {
    ErrorTruncated {
        chain: crate::ErrorChain(error),
        max,
    }
}

/// See [`error_truncated`].
pub struct ErrorTruncated<'a> {
    chain: crate::ErrorChain<'a>,
    max: usize,
}

impl fmt::Display for ErrorTruncated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Truncate::new(&self.chain, self.max), f)
    }
}

/// A `#[safe_log(display, max_len = N)]` field.
#[inline]
pub fn display_truncated(
    value: &dyn fmt::Display,
    max: usize,
) -> Truncate<'_, dyn fmt::Display + '_> {
    Truncate::new(value, max)
}

pub use crate::value::max_len::MaxLen;
pub use crate::with_fn;

/// Visits `text` cut to `max` bytes.
#[inline]
pub fn visit_truncated<'a, V: Visitor<'a> + ?Sized>(
    text: Option<&'a str>,
    max: usize,
    at: usize,
    visitor: &mut V,
) {
    match text {
        Some(text) if text.len() <= max => visitor.value(at, Value::Str(text)),
        Some(text) => visitor.display(at, &Truncate::new(text, max)),
        None => {}
    }
}

/// A `#[safe_log(error)]` field, before its error form is chosen: an error
/// type ([`ViaErrorType`]), or a pointer to `dyn Error` such as
/// `Box<dyn Error + Send + Sync>` ([`ViaDynError`]); anything else is one
/// error on the field's type ([`ErrorField::__safe_log_error`]).
pub struct ErrorField<'a, T: ?Sized>(pub &'a T);

/// The first choice of [`ErrorField`]: a type that implements `Error`.
pub trait ViaErrorType<'a> {
    /// The error.
    fn __safe_log_error(self) -> &'a (dyn std::error::Error + 'a);
}

impl<'a, E: std::error::Error + 'a> ViaErrorType<'a> for &&ErrorField<'a, E> {
    #[inline]
    fn __safe_log_error(self) -> &'a (dyn std::error::Error + 'a) {
        self.0
    }
}

/// The second choice of [`ErrorField`]: a pointer to `dyn Error`.
pub trait ViaDynError<'a> {
    /// The error.
    fn __safe_log_error(self) -> &'a (dyn std::error::Error + 'a);
}

impl<'a, T: core::ops::Deref + ?Sized> ViaDynError<'a> for &ErrorField<'a, T>
where
    T::Target: DynError + 'a,
{
    #[inline]
    fn __safe_log_error(self) -> &'a (dyn std::error::Error + 'a) {
        (**self.0).as_dyn()
    }
}

/// `dyn Error` with or without `Send` and `Sync`.
pub trait DynError {
    /// As `dyn Error`.
    fn as_dyn(&self) -> &(dyn std::error::Error + '_);
}

macro_rules! dyn_error {
    ($($ty:ty),*) => {$(
        impl DynError for $ty {
            fn as_dyn(&self) -> &(dyn std::error::Error + '_) {
                self
            }
        }
    )*};
}

dyn_error!(
    dyn std::error::Error + '_,
    dyn std::error::Error + Send + '_,
    dyn std::error::Error + Sync + '_,
    dyn std::error::Error + Send + Sync + '_
);

pub use crate::value::error::ErrorField as ErrorFieldType;

/// A `display` field's value, for [`ViaDisplay`]: its `Display` is checked
/// by the derive beside it (`<T as Display>::fmt`), so that a type without
/// one is one error, rustc's own.
pub struct DisplayField<'a, T: ?Sized>(pub &'a T);

/// A value that implements `Display`, seen as `dyn Display`.
pub trait ViaDisplay<'a> {
    /// The value.
    fn __safe_log_display(self) -> &'a dyn fmt::Display;
}

impl<'a, T: fmt::Display + 'a> ViaDisplay<'a> for &&DisplayField<'a, T> {
    #[inline]
    fn __safe_log_display(self) -> &'a dyn fmt::Display {
        self.0
    }
}

impl<T: ?Sized> DisplayField<'_, T> {
    /// The fallback: `T` has no `Display`, and the check beside says so.
    #[must_use]
    pub fn __safe_log_display(&self) -> &'static dyn fmt::Display {
        &""
    }
}

/// What the last choice of [`ErrorField`] gives: no error. The derive then
/// refuses the field with [`ErrorFieldType`]'s message.
pub struct NotAnError<T: ?Sized>(PhantomData<fn() -> PhantomData<T>>);

impl<T: ?Sized> ErrorField<'_, T> {
    /// The last choice: no error; refused at the field's type.
    #[must_use]
    pub fn __safe_log_error(self) -> NotAnError<T> {
        NotAnError(PhantomData)
    }
}

/// An error field's chosen form: an error, or [`NotAnError`].
pub trait ChosenError<'a> {
    /// The type the refusal names ([`Fine`] for an error).
    type Named: ?Sized;
    /// The type the refusal names.
    fn __named(&self) -> PhantomData<Self::Named> {
        PhantomData
    }
    /// The error (never called for [`NotAnError`]: the build failed).
    fn __into_error(self) -> &'a (dyn std::error::Error + 'a);
}

impl<'a> ChosenError<'a> for &'a (dyn std::error::Error + 'a) {
    type Named = Fine;

    #[inline]
    fn __into_error(self) -> &'a (dyn std::error::Error + 'a) {
        self
    }
}

impl<'a, T: ?Sized> ChosenError<'a> for NotAnError<T> {
    type Named = T;

    fn __into_error(self) -> &'a (dyn std::error::Error + 'a) {
        unreachable_error()
    }
}

/// Never called: a field without an error fails to build.
fn unreachable_error() -> &'static (dyn std::error::Error + 'static) {
    &std::fmt::Error
}

/// The wrappers a derive takes off a field's type to check the type inside
/// (see [`peeled`]).
pub use std::{boxed::Box, option::Option};

/// Implemented by a type for itself only: `A: Same<B>` proves `A` is `B`.
pub trait Same<B: ?Sized> {}

impl<T: ?Sized> Same<T> for T {}

/// `leaves`, the `LEAVES` of the type inside a field's wrappers (`&`,
/// `Option`, `Box`, `Rc`, `Arc`, which log what they hold with the same
/// keys), once `Field: Same<Rebuilt>` proves the wrappers written are std's.
/// The derive checks the inner type so that an error names it.
#[inline]
#[must_use]
pub const fn peeled<Field: Same<Rebuilt> + ?Sized, Rebuilt: ?Sized>(leaves: usize) -> usize {
    leaves
}

/// A record's `LEAVES`: the sum of its fields'. A call rather than a chain
/// of `+`, which the compiler checks as an operator each (most of a plain
/// derive's compile time was there).
#[inline]
#[must_use]
pub const fn leaves<const N: usize>(fields: [usize; N]) -> usize {
    let mut sum = 0;
    let mut i = 0;
    while i < N {
        sum += fields[i];
        i += 1;
    }
    sum
}

/// Describes a field of a type that is log-safe in every crate under its
/// key: one call where a derive would write a guard and its drop.
#[inline]
pub fn describe_field<T: SafeLog + ?Sized>(keys: &mut Keys, key: &str) {
    T::describe(&mut keys.under(key));
}

/// Moves a derived `visit`'s `at` past a field's leaves.
#[inline]
pub fn advance(at: &mut usize, leaves: usize) {
    *at += leaves;
}

/// Visits a field of a type that is log-safe in every crate at `*at`, and
/// moves `at` past its leaves.
#[inline]
pub fn visit_field<'a, T: SafeLog + ?Sized, V: Visitor<'a> + ?Sized>(
    value: &'a T,
    at: &mut usize,
    visitor: &mut V,
) {
    value.visit(*at, visitor);
    *at += T::LEAVES;
}

// One error per mistake, in every front end.
//
// A derived impl has three items (`LEAVES`, `describe`, `visit`), and each is
// its own owner in the compiler: a field type that is not log-safe, checked
// in all three, is three diagnostics in an incremental build (the spans of
// each owner differ, so the compiler does not merge them; the terminal shows
// one because cargo merges identical text). So a field's type is checked in
// `LEAVES` alone; `describe` and `visit` reach it through the dispatchers
// below, which call its `SafeLog` impl when there is one and do nothing
// otherwise: a build where they would do nothing has already failed in
// `LEAVES`.

/// A field's type, for [`DescribeField`].
pub struct FieldType<T: ?Sized>(PhantomData<fn() -> PhantomData<T>>);

impl<T: ?Sized> FieldType<T> {
    /// The dispatcher of `T`.
    pub const NEW: Self = FieldType(PhantomData);

    /// The fallback: `T` is not log-safe, and `LEAVES` says so.
    #[inline]
    pub fn __safe_log_describe(&self, _: &mut Keys) {}

    /// The fallback: `T` is not log-safe, and `LEAVES` says so.
    #[inline]
    #[must_use]
    pub fn __safe_log_leaves(&self) -> usize {
        0
    }
}

/// Describes a log-safe field's keys.
pub trait DescribeField {
    /// Pushes the keys.
    fn __safe_log_describe(self, keys: &mut Keys);
    /// The number of keys (where `visit` lays the fields out).
    fn __safe_log_leaves(self) -> usize;
}

impl<T: SafeLog + ?Sized> DescribeField for &&FieldType<T> {
    #[inline]
    fn __safe_log_describe(self, keys: &mut Keys) {
        T::describe(keys);
    }

    #[inline]
    fn __safe_log_leaves(self) -> usize {
        T::LEAVES
    }
}

/// A field's value, for [`VisitField`].
pub struct FieldValue<'a, T: ?Sized>(pub &'a T);

impl<'a, T: ?Sized> FieldValue<'a, T> {
    /// The fallback: `T` is not log-safe, and `LEAVES` says so.
    #[inline]
    pub fn __safe_log_visit<V: Visitor<'a> + ?Sized>(&self, _: usize, _: &mut V) {}
}

/// Visits a log-safe field's leaves.
pub trait VisitField<'a> {
    /// Visits the leaves.
    fn __safe_log_visit<V: Visitor<'a> + ?Sized>(self, at: usize, visitor: &mut V);
}

impl<'a, T: SafeLog + ?Sized> VisitField<'a> for &&FieldValue<'a, T> {
    #[inline]
    fn __safe_log_visit<V: Visitor<'a> + ?Sized>(self, at: usize, visitor: &mut V) {
        T::visit(self.0, at, visitor);
    }
}

/// A `#[safe_log(with = f)]` field's function, for [`DescribeWith`] and
/// [`VisitWith`]: checked in `LEAVES` by [`with_fn`] alone.
pub struct WithFunction<'f, T: ?Sized, F>(pub &'f F, PhantomData<fn() -> PhantomData<T>>);

impl<'f, T: ?Sized, F> WithFunction<'f, T, F> {
    /// The dispatcher of `f` over `T`.
    #[inline]
    pub const fn new(f: &'f F) -> Self {
        WithFunction(f, PhantomData)
    }

    /// The fallback: the function's signature is wrong, and `LEAVES` says so.
    #[inline]
    pub fn __safe_log_describe(&self, _: &mut Keys) {}

    /// The fallback: the function's signature is wrong, and `LEAVES` says so.
    #[inline]
    #[must_use]
    pub fn __safe_log_leaves(&self) -> usize {
        0
    }

    /// The fallback: the function's signature is wrong, and `LEAVES` says so.
    #[inline]
    pub fn __safe_log_visit<'a, V: Visitor<'a> + ?Sized>(&self, _: &T, _: usize, _: &mut V) {}
}

/// Describes the keys of a `with` function's result (for the borrow `'t`
/// the function is given, which the keys do not depend on).
pub trait DescribeWith<'t> {
    /// Pushes the keys.
    fn __safe_log_describe(self, keys: &mut Keys);
    /// The number of keys.
    fn __safe_log_leaves(self) -> usize;
}

impl<'t, T: ?Sized + 't, R: SafeLog, F: Fn(&'t T) -> R> DescribeWith<'t>
    for &&WithFunction<'_, T, F>
{
    #[inline]
    fn __safe_log_describe(self, keys: &mut Keys) {
        R::describe(keys);
    }

    #[inline]
    fn __safe_log_leaves(self) -> usize {
        R::LEAVES
    }
}

/// Visits a `with` function's result.
pub trait VisitWith<'t, T: ?Sized> {
    /// Visits the result of the function on `value`.
    fn __safe_log_visit<'a, V: Visitor<'a> + ?Sized>(
        self,
        value: &'t T,
        at: usize,
        visitor: &mut V,
    );
}

impl<'t, T: ?Sized + 't, R: SafeLog, F: Fn(&'t T) -> R> VisitWith<'t, T>
    for &&WithFunction<'_, T, F>
{
    #[inline]
    fn __safe_log_visit<'a, V: Visitor<'a> + ?Sized>(
        self,
        value: &'t T,
        at: usize,
        visitor: &mut V,
    ) {
        with_fn_checked::<T, R, F>(self.0).visit(value, at, visitor);
    }
}

/// A `#[safe_log(with = f)]` field: the function `f`, checked for the
/// signature `fn(&T) -> R` with `R: SafeLog` here and only here. The three
/// uses of the field (its key count, its keys, its value) each call this, and
/// the methods of the result carry no bounds, so a mistake is reported once.
///
/// `R` may borrow from the field (`fn(&Method) -> &str`): the signature is
/// asked for the one borrow `'t` each use makes, not for every lifetime.
#[inline]
pub const fn with_fn_checked<'t, T: ?Sized + 't, R: SafeLog, F: Fn(&'t T) -> R>(
    f: &F,
) -> WithFn<'_, 't, T, F> {
    WithFn {
        f,
        leaves: R::LEAVES,
        describe: R::describe,
        visit: visit_result::<T, R, F>,
    }
}

/// See [`with_fn_checked`].
pub struct WithFn<'f, 't, T: ?Sized, F> {
    f: &'f F,
    leaves: usize,
    describe: fn(&mut Keys),
    visit: fn(&F, &'t T, usize, &mut dyn TmpVisitor),
}

impl<'t, T: ?Sized, F> WithFn<'_, 't, T, F> {
    /// The number of keys of the function's result.
    #[must_use]
    pub const fn leaves(&self) -> usize {
        self.leaves
    }

    /// The keys of the function's result.
    pub fn describe(&self, keys: &mut Keys) {
        (self.describe)(keys);
    }

    /// Visits the function's result, which lives only during this call.
    #[inline]
    pub fn visit<'a, V: Visitor<'a> + ?Sized>(&self, value: &'t T, at: usize, visitor: &mut V) {
        (self.visit)(self.f, value, at, &mut Outer(visitor));
    }
}

fn visit_result<'t, T: ?Sized, R: SafeLog, F: Fn(&'t T) -> R>(
    f: &F,
    value: &'t T,
    at: usize,
    visitor: &mut dyn TmpVisitor,
) {
    let result = f(value);
    result.visit(at, &mut Tmp(visitor));
}

/// The part of a [`Visitor`] that takes values of any lifetime, as a trait
/// object: the result of a `with` function is visited through it.
trait TmpVisitor {
    fn value_tmp(&mut self, at: usize, value: Value<'_>);
    fn display(&mut self, at: usize, value: &dyn fmt::Display);
    fn error(&mut self, at: usize, value: &(dyn std::error::Error + '_));
}

/// A visitor of the record, seen as a [`TmpVisitor`].
struct Outer<'v, V: ?Sized>(&'v mut V);

impl<'a, V: Visitor<'a> + ?Sized> TmpVisitor for Outer<'_, V> {
    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        self.0.value_tmp(at, value);
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.0.display(at, value);
    }

    fn error(&mut self, at: usize, value: &(dyn std::error::Error + '_)) {
        self.0.error(at, value);
    }
}

/// A [`TmpVisitor`] seen as a [`Visitor`] of the temporary result.
struct Tmp<'v>(&'v mut dyn TmpVisitor);

impl Visitor<'_> for Tmp<'_> {
    fn value(&mut self, at: usize, value: Value<'_>) {
        self.0.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        self.0.value_tmp(at, value);
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        self.0.display(at, value);
    }
    fn error(&mut self, at: usize, value: &(dyn std::error::Error + '_)) {
        self.0.error(at, value);
    }
}
