//! `SafeLog` for the std types with one obvious log form.

use std::borrow::Cow;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::{Duration, SystemTime};

use crate::value::text::{StackStr, write_rfc3339};
use crate::{Keys, Record, SafeLog, Value, Visitor};

/// Leaves held as a number or a bool in the value itself, which tracing
/// reads in place.
macro_rules! direct_leaf {
    ($($ty:ty => |$x:ident| $value:expr;)*) => {$(
        #[diagnostic::do_not_recommend]
        impl SafeLog for $ty {
            leaf!();

            #[inline]
            fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
                let $x = *self;
                visitor.__leaf(at, self, $value);
            }
        }
    )*};
}

direct_leaf! {
    bool => |x| Value::Bool(x);
    i8 => |x| Value::I64(i64::from(x));
    i16 => |x| Value::I64(i64::from(x));
    i32 => |x| Value::I64(i64::from(x));
    i64 => |x| Value::I64(x);
    u8 => |x| Value::U64(u64::from(x));
    u16 => |x| Value::U64(u64::from(x));
    u32 => |x| Value::U64(u64::from(x));
    u64 => |x| Value::U64(x);
    f32 => |x| Value::F64(f64::from(x));
    f64 => |x| Value::F64(x);
    NonZero<i8> => |x| Value::I64(i64::from(x.get()));
    NonZero<i16> => |x| Value::I64(i64::from(x.get()));
    NonZero<i32> => |x| Value::I64(i64::from(x.get()));
    NonZero<i64> => |x| Value::I64(x.get());
    NonZero<u8> => |x| Value::U64(u64::from(x.get()));
    NonZero<u16> => |x| Value::U64(u64::from(x.get()));
    NonZero<u32> => |x| Value::U64(u64::from(x.get()));
    NonZero<u64> => |x| Value::U64(x.get());
    // No platform Rust supports has pointers wider than 64 bits, so these
    // conversions are lossless; `try_from` keeps that honest without a cast.
    isize => |x| i64::try_from(x).map_or(Value::Null, Value::I64);
    usize => |x| u64::try_from(x).map_or(Value::Null, Value::U64);
    NonZero<isize> => |x| i64::try_from(x.get()).map_or(Value::Null, Value::I64);
    NonZero<usize> => |x| u64::try_from(x.get()).map_or(Value::Null, Value::U64);
}

/// Documented unit: seconds, as a float (nanosecond precision for 104 days).
#[diagnostic::do_not_recommend]
impl SafeLog for Duration {
    leaf!();

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::F64(self.as_secs_f64()));
    }
}

/// Leaves whose text is formatted on the stack: 128-bit integers (as
/// decimal strings, since JSON numbers are doubles), chars and addresses.
/// `N` bytes hold the longest text of the type.
macro_rules! text_leaf {
    ($($ty:ty => $n:literal;)*) => {$(
        #[diagnostic::do_not_recommend]
        impl SafeLog for $ty {
            leaf!();

            fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
                match StackStr::<$n>::format(self) {
                    Some(text) => visitor.value_tmp(at, Value::Str(text.as_str())),
                    // Not reached: `$n` holds the longest text. Still total.
                    None => visitor.display(at, self),
                }
            }
        }
    )*};
}

text_leaf! {
    i128 => 40;
    u128 => 40;
    NonZero<i128> => 40;
    NonZero<u128> => 40;
    char => 4;
    Ipv4Addr => 15;
    Ipv6Addr => 45;
    IpAddr => 45;
    SocketAddrV4 => 21;
    SocketAddrV6 => 64;
    SocketAddr => 64;
}

#[diagnostic::do_not_recommend]
impl SafeLog for str {
    leaf!();

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Str(self));
    }

    #[inline]
    fn __visit_ref<'a, 'b: 'a, V: Visitor<'a> + ?Sized>(
        this: &'a &'b Self,
        at: usize,
        visitor: &mut V,
    ) {
        visitor.__leaf(at, this, Value::Str(this));
    }
}

#[diagnostic::do_not_recommend]
impl SafeLog for String {
    leaf!();

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.__leaf(at, self, Value::Str(self));
    }
}

/// `null`.
#[diagnostic::do_not_recommend]
impl SafeLog for () {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Null);
    }
}

/// The path's text; bytes that are not UTF-8 become U+FFFD.
#[diagnostic::do_not_recommend]
impl SafeLog for Path {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        match self.to_str() {
            Some(text) => visitor.value(at, Value::Str(text)),
            None => visitor.display(at, &self.display()),
        }
    }
}

/// The path's text; bytes that are not UTF-8 become U+FFFD.
#[diagnostic::do_not_recommend]
impl SafeLog for PathBuf {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        self.as_path().visit(at, visitor);
    }
}

/// An RFC 3339 timestamp in UTC with nanoseconds,
/// `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl SafeLog for SystemTime {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let mut text = StackStr::<48>::new();
        match write_rfc3339(&mut text, *self) {
            Ok(()) => visitor.value_tmp(at, Value::Str(text.as_str())),
            // Not reached: 48 bytes hold the longest timestamp. Still total.
            Err(_) => visitor.value_tmp(at, Value::Null),
        }
    }
}

/// Its description, as `Display` writes it (`"entity not found"`).
#[diagnostic::do_not_recommend]
impl SafeLog for io::ErrorKind {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.display(at, self);
    }
}

/// Its number, as `ThreadId`'s `Debug` writes it (`ThreadId(5)` is `5`):
/// the same number a panic message or a debugger shows.
#[diagnostic::do_not_recommend]
impl SafeLog for ThreadId {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = StackStr::<48>::format(&format_args!("{self:?}"));
        let number = text.as_ref().and_then(|text| {
            let digits = text.as_str().strip_prefix("ThreadId(")?.strip_suffix(')')?;
            digits.parse::<u64>().ok()
        });
        match number {
            Some(n) => visitor.value_tmp(at, Value::U64(n)),
            // Not reached with std's `Debug`; still a value, never a panic.
            None => visitor.value_tmp(at, Value::Str(text.as_ref().map_or("", StackStr::as_str))),
        }
    }
}

/// Wrappers that log what they point to, with the same keys.
macro_rules! transparent {
    ($($(#[$doc:meta])* [$($gen:tt)*] $ty:ty;)*) => {$(
        $(#[$doc])*
        #[diagnostic::do_not_recommend]
        impl<$($gen)*> SafeLog for $ty {
            type Schema = T::Schema;
            const LEAVES: usize = T::LEAVES;

            fn describe(keys: &mut Keys) {
                T::describe(keys);
            }

            #[inline]
            fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
                T::visit(&**self, at, visitor);
            }

            fn __keys() -> &'static [&'static str] {
                T::__keys()
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($gen)*> Record for $ty where T: Record {}
    )*};
}

/// What it points to, with the same keys; a `&str` is handed to tracing as
/// it is.
#[diagnostic::do_not_recommend]
impl<T: SafeLog + ?Sized> SafeLog for &T {
    type Schema = T::Schema;
    const LEAVES: usize = T::LEAVES;

    fn describe(keys: &mut Keys) {
        T::describe(keys);
    }

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        T::__visit_ref(self, at, visitor);
    }

    fn __keys() -> &'static [&'static str] {
        T::__keys()
    }
}

#[diagnostic::do_not_recommend]
impl<T: Record + ?Sized> Record for &T {}

transparent! {
    [T: SafeLog + ?Sized] &mut T;
    [T: SafeLog + ?Sized] Box<T>;
    [T: SafeLog + ?Sized] Rc<T>;
    [T: SafeLog + ?Sized] Arc<T>;
    [T: SafeLog + ToOwned + ?Sized] Cow<'_, T>;
}

/// `None`: the keys are absent.
#[diagnostic::do_not_recommend]
impl<T: SafeLog> SafeLog for Option<T> {
    type Schema = T::Schema;
    const LEAVES: usize = T::LEAVES;

    fn describe(keys: &mut Keys) {
        T::describe(keys);
    }

    #[inline]
    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        if let Some(value) = self {
            value.visit(at, visitor);
        }
    }

    fn __keys() -> &'static [&'static str] {
        T::__keys()
    }
}

#[diagnostic::do_not_recommend]
impl<T: Record> Record for Option<T> {}
