//! `time::OffsetDateTime` and `time::UtcDateTime`: RFC 3339 in UTC with
//! nanoseconds, like `SystemTime`.

use time::{OffsetDateTime, UtcDateTime};

use crate::value::text::timestamp;
use crate::{SafeLog, Value, Visitor};

/// RFC 3339 in UTC with nanoseconds, whatever the offset:
/// `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl SafeLog for OffsetDateTime {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = timestamp(self.unix_timestamp(), self.nanosecond());
        visitor.value_tmp(at, Value::Str(text.as_str()));
    }
}

/// RFC 3339 with nanoseconds: `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl SafeLog for UtcDateTime {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = timestamp(self.unix_timestamp(), self.nanosecond());
        visitor.value_tmp(at, Value::Str(text.as_str()));
    }
}
