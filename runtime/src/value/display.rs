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
