//! `chrono::DateTime<Tz>`: RFC 3339 in UTC with nanoseconds, like
//! `SystemTime`.

use chrono::{DateTime, TimeZone};

use crate::value::text::timestamp;
use crate::{SafeLog, Value, Visitor};

/// RFC 3339 in UTC with nanoseconds, whatever the time zone:
/// `2026-11-26T11:30:17.123456789Z`.
#[diagnostic::do_not_recommend]
impl<Tz: TimeZone> SafeLog for DateTime<Tz> {
    leaf!(schema = str);

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = timestamp(self.timestamp(), self.timestamp_subsec_nanos());
        visitor.value_tmp(at, Value::Str(text.as_str()));
    }
}
