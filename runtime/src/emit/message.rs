//! The message of an event: its format arguments, each checked for
//! `SafeLog` at its value and written as its text.
//!
//! A value's text is data, often a peer's: a char that could break, forge
//! or reorder a line in a text sink (`env_logger`, tracing's fmt) is escaped
//! in it, `\n` as `\\n`, U+2028 as `\\u{2028}`. The template the developer
//! wrote is kept as it is.

use core::fmt::{self, Write as _};

use super::args::{Arg, CallSite, ErasedArg, IntoArg};
use crate::value::text::{EscapeLines, Total, has_forging};
use crate::{SafeLog, Value, Visitor};

/// A message argument: its value as text.
pub struct MessageArg<V>(V);

impl<V> fmt::Debug for MessageArg<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageArg(..)")
    }
}

/// A message format argument, after [`Probe`](super::args::Probe) chose its
/// form: a log-safe value's text or an error's chain.
#[inline]
pub fn message_arg<A: IntoArg<Arg = Arg<S, V>>, S: ?Sized, V: ErasedArg>(
    chosen: A,
) -> MessageArg<V> {
    MessageArg(chosen.into_arg().into_value())
}

impl<V: ErasedArg> fmt::Display for MessageArg<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_text(f)
    }
}

/// Writes a value as text: a primitive as itself (honouring width and
/// precision), a record as `key=value` pairs separated by spaces.
struct Text<'f, 'g> {
    f: &'f mut fmt::Formatter<'g>,
    keys: &'static [&'static str],
    first: bool,
    result: fmt::Result,
}

impl Text<'_, '_> {
    #[inline]
    fn key(&mut self, at: usize) -> fmt::Result {
        let key = self.keys.get(at).copied().unwrap_or("");
        if !self.first {
            self.f.write_char(' ')?;
        }
        self.first = false;
        if !key.is_empty() {
            self.f.write_str(key)?;
            self.f.write_char('=')?;
        }
        Ok(())
    }
}

// Inlined into the value's `visit`, where a primitive's kind is known: the
// match then folds to the one arm.
impl Visitor<'_> for Text<'_, '_> {
    #[inline]
    fn value(&mut self, at: usize, value: Value<'_>) {
        self.value_tmp(at, value);
    }

    #[inline]
    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        if self.result.is_err() {
            return;
        }
        self.result = self.key(at).and_then(|()| match value {
            Value::Null => self.f.pad("null"),
            Value::Bool(x) => fmt::Display::fmt(&x, self.f),
            Value::I64(x) => fmt::Display::fmt(&x, self.f),
            Value::U64(x) => fmt::Display::fmt(&x, self.f),
            Value::F64(x) => fmt::Display::fmt(&x, self.f),
            // Data placed into the text: escaped so that it stays on the
            // line (padded as written when nothing needs it).
            Value::Str(x) if has_forging(x) => EscapeLines(self.f).write_str(x),
            Value::Str(x) => self.f.pad(x),
        });
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        if self.result.is_err() {
            return;
        }
        self.result = self
            .key(at)
            .and_then(|()| write!(EscapeLines(self.f), "{}", Total(value)));
    }
}

/// Writes `value` as text: a primitive as itself, a record as `key=value`
/// pairs.
pub(crate) fn write_text<T: SafeLog + ?Sized>(
    value: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let mut text = Text {
        f,
        keys: T::__keys(),
        first: true,
        result: Ok(()),
    };
    value.visit(0, &mut text);
    if text.first && text.result.is_ok() && T::LEAVES > 0 {
        // An absent value (`None`): a marker, so that the text shows it.
        return text.f.pad(ABSENT);
    }
    text.result
}

/// What a message writes for a value that is absent (`None`), where a field
/// would have no key.
pub const ABSENT: &str = "(none)";

/// A `fmt` of one of `T`'s formatting traits.
type Fmt<T> = fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result;

/// A number placed into a message with `{:x}`, `{:X}`, `{:o}`, `{:b}`,
/// `{:e}` or `{:E}` (and `{}`): it formats with the number's own impls,
/// taken where [`IntegerValue`] or [`NumberValue`] proved the type a number,
/// so that a value of another type is one error, theirs.
pub struct Number<'a, T: ?Sized> {
    value: &'a T,
    display: Fmt<T>,
    lower_hex: Fmt<T>,
    upper_hex: Fmt<T>,
    octal: Fmt<T>,
    binary: Fmt<T>,
    lower_exp: Fmt<T>,
    upper_exp: Fmt<T>,
}

impl<T: ?Sized> fmt::Debug for Number<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Number(..)")
    }
}

macro_rules! number_fmt {
    ($($trait:ident => $field:ident),*) => {$(
        impl<T: ?Sized> fmt::$trait for Number<'_, T> {
            #[inline]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (self.$field)(self.value, f)
            }
        }
    )*};
}

number_fmt!(
    Display => display,
    LowerHex => lower_hex,
    UpperHex => upper_hex,
    Octal => octal,
    Binary => binary,
    LowerExp => lower_exp,
    UpperExp => upper_exp
);

/// An integer a message formats in another radix (`{:x}`, `{:X}`, `{:o}`,
/// `{:b}`). It exists for its compile error; it is implemented for the
/// integer types (and references to them) only.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not an integer, so `{{:x}}`, `{{:X}}`, `{{:o}}` and `{{:b}}` cannot format it",
    label = "an integer is needed here",
    note = "a message formats an integer in hex, octal or binary; write `{{}}` for another value's text"
)]
pub trait IntegerValue<T: ?Sized> {
    /// The integer, with its formatting impls.
    #[doc(hidden)]
    fn __integer<'a>(&self, value: &'a T) -> Number<'a, T>;
}

/// A number a message formats in scientific notation (`{:e}`, `{:E}`). It
/// exists for its compile error; it is implemented for the integer and float
/// types (and references to them) only.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not a number, so `{{:e}}` and `{{:E}}` cannot format it",
    label = "a number is needed here",
    note = "a message formats a number in scientific notation; write `{{}}` for another value's text"
)]
pub trait NumberValue<T: ?Sized> {
    /// The number, with its formatting impls.
    #[doc(hidden)]
    fn __number<'a>(&self, value: &'a T) -> Number<'a, T>;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        integers!(@one [] $t);
        integers!(@one ['x] &'x $t);
    )*};
    (@one [$($lt:lifetime)?] $t:ty) => {
        #[diagnostic::do_not_recommend]
        impl<$($lt)?> IntegerValue<$t> for CallSite {
            #[inline]
            fn __integer<'a>(&self, value: &'a $t) -> Number<'a, $t> {
                Number {
                    value,
                    display: fmt::Display::fmt,
                    lower_hex: fmt::LowerHex::fmt,
                    upper_hex: fmt::UpperHex::fmt,
                    octal: fmt::Octal::fmt,
                    binary: fmt::Binary::fmt,
                    lower_exp: fmt::LowerExp::fmt,
                    upper_exp: fmt::UpperExp::fmt,
                }
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($lt)?> NumberValue<$t> for CallSite {
            #[inline]
            fn __number<'a>(&self, value: &'a $t) -> Number<'a, $t> {
                self.__integer(value)
            }
        }
    };
}

integers!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

macro_rules! floats {
    ($($t:ty),*) => {$(
        floats!(@one [] $t);
        floats!(@one ['x] &'x $t);
    )*};
    (@one [$($lt:lifetime)?] $t:ty) => {
        #[diagnostic::do_not_recommend]
        impl<$($lt)?> NumberValue<$t> for CallSite {
            #[inline]
            fn __number<'a>(&self, value: &'a $t) -> Number<'a, $t> {
                // Floats have no radix forms; the macro asks for them only
                // through `IntegerValue`, which floats do not implement.
                Number {
                    value,
                    display: fmt::Display::fmt,
                    lower_hex: fmt::Display::fmt,
                    upper_hex: fmt::Display::fmt,
                    octal: fmt::Display::fmt,
                    binary: fmt::Display::fmt,
                    lower_exp: fmt::LowerExp::fmt,
                    upper_exp: fmt::UpperExp::fmt,
                }
            }
        }
    };
}

floats!(f32, f64);
