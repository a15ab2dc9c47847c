//! `safe_log::display(&x)`: a value's `Display` text, chosen on purpose at a
//! call site.

use core::fmt;

use crate::{Keys, SafeLog, Visitor};

/// Logs a value as its `Display` text: the call-site twin of
/// `#[safe_log(display)]`, explicit, greppable, and reviewed like any
/// opt-in. Nothing is allocated: the sink renders the text into its own
/// buffer, and a `Display` that fails leaves its text so far and
/// [`FMT_ERROR`](crate::FMT_ERROR) rather than an error.
///
/// `%value` (tracing's sigil for the same thing) is a compile error that
/// points here.
///
/// Written as `safe_log::display(&x)` in a logging macro's call, it also
/// takes an `Option` of a `Display` value (`None`: the key is absent), and a
/// value without `Display` is one error that says so.
///
/// ```
/// struct Latency(u32);
///
/// impl std::fmt::Display for Latency {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         write!(f, "{} ms", self.0)
///     }
/// }
///
/// let latency = Latency(42);
/// safe_log::info!(latency = safe_log::display(&latency), "request served");
/// # assert_eq!(
/// #     safe_log::Fields(&safe_log::display(&latency)).to_vec(),
/// #     [(String::new(), safe_log::Primitive::from("42 ms"))],
/// # );
/// ```
#[inline]
pub fn display<T: fmt::Display + ?Sized>(value: &T) -> DisplayText<'_, T> {
    DisplayText {
        value,
        fmt: <T as fmt::Display>::fmt,
    }
}

/// A value logged as its `Display` text; see [`display`].
///
/// It holds the value's `fmt`, taken where [`display`] required `Display`:
/// its `SafeLog` impl needs no bound, so a type without `Display` is one
/// error, on `display`'s argument.
pub struct DisplayText<'a, T: ?Sized> {
    value: &'a T,
    fmt: fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result,
}

impl<T: ?Sized> fmt::Display for DisplayText<'_, T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.fmt)(self.value, f)
    }
}

impl<T: ?Sized> fmt::Debug for DisplayText<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DisplayText(..)")
    }
}

#[diagnostic::do_not_recommend]
impl<T: ?Sized> SafeLog for DisplayText<'_, T> {
    type Schema = str;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.leaf();
    }

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.display(at, self);
    }

    fn __keys() -> &'static [&'static str] {
        &[""]
    }
}

// `safe_log::display(&x)` written in a logging macro's call: the macro
// chooses the form by the argument's type, so that an `Option<T: Display>`
// works (a bound accepting both `T: Display` and `Option<T: Display>` is
// refused by coherence, since std may one day add `Display for Option`).

/// The argument of `safe_log::display(..)` in a call, before its form is
/// chosen.
#[doc(hidden)]
pub struct DisplayProbe<'a, T: ?Sized>(pub &'a T);

/// The first choice: an `Option` of a `Display` value (`None`: absent).
#[doc(hidden)]
pub trait ViaDisplayOption<'a> {
    /// The form.
    type Out;
    /// The form.
    fn __safe_log_display(self) -> Self::Out;
}

impl<'a, T: fmt::Display> ViaDisplayOption<'a> for &&DisplayProbe<'a, Option<T>> {
    type Out = Option<DisplayText<'a, T>>;

    #[inline]
    fn __safe_log_display(self) -> Self::Out {
        self.0.as_ref().map(display)
    }
}

/// The second choice: a `Display` value.
#[doc(hidden)]
pub trait ViaDisplayText<'a> {
    /// The form.
    type Out;
    /// The form.
    fn __safe_log_display(self) -> Self::Out;
}

impl<'a, T: fmt::Display + ?Sized> ViaDisplayText<'a> for &DisplayProbe<'a, T> {
    type Out = DisplayText<'a, T>;

    #[inline]
    fn __safe_log_display(self) -> Self::Out {
        display(self.0)
    }
}

impl<T: ?Sized> DisplayProbe<'_, T> {
    /// The last choice: no `Display`; refused beside it by
    /// [`DisplayValue`].
    #[must_use]
    pub fn __safe_log_display(self) -> NoDisplay<T> {
        NoDisplay(core::marker::PhantomData)
    }
}

/// A value without `Display`, given to `safe_log::display` in a call: the
/// build fails on it ([`DisplayValue`]), and nothing else does.
#[doc(hidden)]
pub struct NoDisplay<T: ?Sized>(core::marker::PhantomData<fn() -> core::marker::PhantomData<T>>);

#[diagnostic::do_not_recommend]
impl<T: ?Sized> SafeLog for NoDisplay<T> {
    type Schema = str;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.leaf();
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, _: usize, _: &mut V) {}

    fn __keys() -> &'static [&'static str] {
        &[""]
    }
}

/// The type a refusal names: the value's for [`NoDisplay`], nothing to
/// refuse otherwise.
#[doc(hidden)]
pub trait ChosenDisplay {
    /// The type.
    type Named: ?Sized;
    /// The type.
    fn __named(&self) -> core::marker::PhantomData<Self::Named> {
        core::marker::PhantomData
    }
}

impl<T: ?Sized> ChosenDisplay for DisplayText<'_, T> {
    type Named = crate::emit::args::Fine;
}

impl<T: ?Sized> ChosenDisplay for Option<DisplayText<'_, T>> {
    type Named = crate::emit::args::Fine;
}

impl<T: ?Sized> ChosenDisplay for NoDisplay<T> {
    type Named = T;
}

/// What `safe_log::display` logs of a value without `Display`: nothing.
/// This trait exists for its compile error; it is implemented for no type
/// without `Display`.
#[diagnostic::on_unimplemented(
    message = "`{T}` doesn't implement `std::fmt::Display`, so `safe_log::display` cannot log its text",
    label = "`{T}` has no `Display`",
    note = "`safe_log::display(&value)` logs the `Display` text of a value (or of the value in an `Option`); log a value that implements `SafeLog` instead, or implement `Display` for it"
)]
pub trait DisplayValue<T: ?Sized> {
    #[doc(hidden)]
    fn __check_display(&self, _: core::marker::PhantomData<T>);
}

#[diagnostic::do_not_recommend]
impl DisplayValue<crate::emit::args::Fine> for crate::emit::args::CallSite {
    fn __check_display(&self, _: core::marker::PhantomData<crate::emit::args::Fine>) {}
}

#[diagnostic::do_not_recommend]
impl DisplayValue<crate::__private::NoKeys> for crate::emit::args::CallSite {
    fn __check_display(&self, _: core::marker::PhantomData<crate::__private::NoKeys>) {}
}
