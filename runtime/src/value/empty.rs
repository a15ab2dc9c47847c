//! `safe_log::empty::<T>()`: a span field declared now, recorded later.

use core::fmt;
use core::marker::PhantomData;

use crate::{Keys, SafeLog, Visitor};

/// Declares a span field whose value comes later: it has the keys of `T`,
/// and no value yet (tracing's `field::Empty`, with a type, since the keys
/// of a field are fixed when the span is made). Record the value with
/// [`record!`](crate::record).
///
/// ```
/// #[derive(safe_log::SafeLog)]
/// struct Outcome { status: u16, bytes: u64 }
///
/// let span = safe_log::info_span!("request", method = "GET", outcome = safe_log::empty::<Outcome>());
/// // ... later, once known:
/// safe_log::record!(span, outcome = Outcome { status: 200, bytes: 512 });
/// ```
#[must_use]
pub fn empty<T: SafeLog + ?Sized>() -> Empty<T> {
    Empty(PhantomData)
}

/// A field with the keys of `T` and no value; see [`empty`].
pub struct Empty<T: ?Sized>(PhantomData<fn() -> PhantomData<T>>);

impl<T: ?Sized> fmt::Debug for Empty<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Empty")
    }
}

#[diagnostic::do_not_recommend]
impl<T: SafeLog + ?Sized> SafeLog for Empty<T> {
    type Schema = T::Schema;
    const LEAVES: usize = T::LEAVES;

    fn describe(keys: &mut Keys) {
        T::describe(keys);
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, _: usize, _: &mut V) {}

    fn __keys() -> &'static [&'static str] {
        T::__keys()
    }
}
