//! `jiff::Timestamp` and `jiff::Zoned`: RFC 3339 in UTC with nanoseconds,
//! like `SystemTime`.

use jiff::{Timestamp, Zoned};

use crate::value::text::timestamp;
use crate::{SafeLog, Value, Visitor};

/// The text of `ts`: seconds rounded down, and the nanoseconds after them.
fn text(ts: Timestamp) -> crate::value::text::StackStr<48> {
    let nanos = ts.as_nanosecond();
    let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
    let sub = u32::try_from(nanos.rem_euclid(1_000_000_000)).unwrap_or(0);
    timestamp(secs, sub)
}

/// RFC 3339 in UTC with nanoseconds: `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl SafeLog for Timestamp {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value_tmp(at, Value::Str(text(*self).as_str()));
    }
}

/// Its instant, RFC 3339 in UTC with nanoseconds, whatever the time zone:
/// `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl SafeLog for Zoned {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value_tmp(at, Value::Str(text(self.timestamp()).as_str()));
    }
}
