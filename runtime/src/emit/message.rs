//! The message of an event: its format arguments, each checked for
//! `SafeLog` at its value and written as its text.
//!
//! A value's text is data, often a peer's: a char that could break, forge
//! or reorder a line in a text sink (`env_logger`, tracing's fmt) is escaped
//! in it, `\n` as `\\n`, U+2028 as `\\u{2028}`. The template the developer
//! wrote is kept as it is.

use core::fmt::{self, Write as _};

use super::args::{Arg, ErasedArg, IntoArg};
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

impl Visitor<'_> for Text<'_, '_> {
    fn value(&mut self, at: usize, value: Value<'_>) {
        self.value_tmp(at, value);
    }

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
