//! `Fields`: a value's flat set of dotted keys, to read, print or serialize.

use core::fmt::{self, Write as _};

use crate::value::text::Total;
use crate::{SafeLog, Value, Visitor};

/// The flat set of dotted keys and primitive values of a log-safe value.
///
/// With the `serde` feature (on by default) it implements
/// `serde::Serialize` as a map from dotted key to primitive, and serializing
/// it cannot fail because of a value: NaN and the infinities become the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"`, a `Display` that fails
/// becomes its text followed by [`FMT_ERROR`](crate::FMT_ERROR), keys are
/// always strings.
///
/// ```
/// use safe_log::{Fields, Primitive, SafeLog};
///
/// #[derive(SafeLog)]
/// enum WebSocketState { Connecting, Connected, Closing }
///
/// #[derive(SafeLog)]
/// struct Diag<'a> {
///     conn_id: u64,
///     state: WebSocketState,
///     close_code: Option<u16>,
///     #[safe_log(redact)]
///     token: &'a str,
/// }
///
/// let diag = Diag { conn_id: 7, state: WebSocketState::Connected, close_code: None, token: "s3cret" };
/// assert_eq!(
///     Fields(&diag).to_vec(),
///     [
///         ("conn_id".to_owned(), Primitive::U64(7)),
///         ("state".to_owned(), Primitive::from("connected")),
///         ("token".to_owned(), Primitive::from("[redacted]")),
///     ]
/// );
/// # #[cfg(feature = "serde")]
/// assert_eq!(
///     serde_json::to_string(&Fields(&diag)).unwrap(),
///     r#"{"conn_id":7,"state":"connected","token":"[redacted]"}"#
/// );
/// ```
#[derive(Clone, Copy)]
pub struct Fields<'a, T: ?Sized>(pub &'a T);

// The bounds are on the methods, not on the impl, so that a value that is not
// log-safe is reported with `SafeLog`'s own message.
impl<T: ?Sized> Fields<'_, T> {
    /// Calls `f` with each present key and its value, in key order, with the
    /// same values the serde form has: non-finite floats as strings and
    /// `Display` text rendered.
    pub fn for_each(&self, mut f: impl FnMut(&str, Value<'_>))
    where
        T: SafeLog,
    {
        let mut visitor = ForEach {
            keys: T::__keys(),
            f: &mut f,
            text: String::new(),
        };
        self.0.visit(0, &mut visitor);
    }

    /// The present keys and their values, in key order.
    #[must_use]
    pub fn to_vec(&self) -> Vec<(String, Primitive)>
    where
        T: SafeLog,
    {
        let mut out = Vec::with_capacity(T::LEAVES);
        self.for_each(|key, value| out.push((key.to_owned(), Primitive::from(value))));
        out
    }
}

impl<T: SafeLog + ?Sized> fmt::Debug for Fields<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        self.for_each(|key, value| {
            map.entry(&key, &Plain(value));
        });
        map.finish()
    }
}

/// A value as a reader of logs writes it: `null`, `true`, `7`, `"text"`.
struct Plain<'a>(Value<'a>);

impl fmt::Debug for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => f.write_str("null"),
            Value::Bool(x) => write!(f, "{x}"),
            Value::I64(x) => write!(f, "{x}"),
            Value::U64(x) => write!(f, "{x}"),
            Value::F64(x) => write!(f, "{x:?}"),
            Value::Str(x) => write!(f, "{x:?}"),
        }
    }
}

struct ForEach<'f, F> {
    keys: &'static [&'static str],
    f: &'f mut F,
    text: String,
}

impl<'a, F: FnMut(&str, Value<'_>)> Visitor<'a> for ForEach<'_, F> {
    fn value(&mut self, at: usize, value: Value<'a>) {
        self.value_tmp(at, value);
    }

    fn value_tmp(&mut self, at: usize, value: Value<'_>) {
        if let Some(key) = self.keys.get(at) {
            (self.f)(key, finite(value));
        }
    }

    fn display(&mut self, at: usize, value: &dyn fmt::Display) {
        if let Some(key) = self.keys.get(at) {
            self.text.clear();
            // Writing to a `String` cannot fail, and `Total` absorbs a
            // failure of the value.
            let _ = write!(self.text, "{}", Total(value));
            (self.f)(key, Value::Str(&self.text));
        }
    }
}

/// The name JSON-like sinks write for a float that is not a number.
pub(crate) fn non_finite_name(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("Infinity")
    } else if x == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// `value` with a non-finite float replaced by its name.
pub(crate) fn finite(value: Value<'_>) -> Value<'_> {
    match value {
        Value::F64(x) => non_finite_name(x).map_or(value, Value::Str),
        other => other,
    }
}

/// An owned [`Value`]: what [`Fields::to_vec`] returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Primitive {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A float.
    F64(f64),
    /// A string.
    Str(String),
}

impl From<Value<'_>> for Primitive {
    fn from(value: Value<'_>) -> Self {
        match value {
            Value::Null => Primitive::Null,
            Value::Bool(x) => Primitive::Bool(x),
            Value::I64(x) => Primitive::I64(x),
            Value::U64(x) => Primitive::U64(x),
            Value::F64(x) => Primitive::F64(x),
            Value::Str(x) => Primitive::Str(x.to_owned()),
        }
    }
}

impl From<&str> for Primitive {
    fn from(value: &str) -> Self {
        Primitive::Str(value.to_owned())
    }
}

impl From<String> for Primitive {
    fn from(value: String) -> Self {
        Primitive::Str(value)
    }
}

impl From<bool> for Primitive {
    fn from(value: bool) -> Self {
        Primitive::Bool(value)
    }
}

impl From<i64> for Primitive {
    fn from(value: i64) -> Self {
        Primitive::I64(value)
    }
}

impl From<u64> for Primitive {
    fn from(value: u64) -> Self {
        Primitive::U64(value)
    }
}

impl From<f64> for Primitive {
    fn from(value: f64) -> Self {
        Primitive::F64(value)
    }
}

impl Primitive {
    /// The borrowed form.
    #[must_use]
    pub fn as_value(&self) -> Value<'_> {
        match self {
            Primitive::Null => Value::Null,
            Primitive::Bool(x) => Value::Bool(*x),
            Primitive::I64(x) => Value::I64(*x),
            Primitive::U64(x) => Value::U64(*x),
            Primitive::F64(x) => Value::F64(*x),
            Primitive::Str(x) => Value::Str(x),
        }
    }
}
