//! Text helpers shared by the sinks: `Display` that cannot fail, truncation
//! on a char boundary, and a small stack buffer.

use core::fmt::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// The value written for a `#[safe_log(redact)]` field, whatever its value.
pub const REDACTED: &str = "[redacted]";

/// Appended after a string cut by `#[safe_log(max_len = N)]`.
pub const TRUNCATED: &str = "…";

/// Appended to the text of a `Display` implementation that returned an
/// error, after what it wrote before failing.
pub const FMT_ERROR: &str = "[fmt error]";

/// Writes the `Display` text of a value and never fails because of the
/// value: when the value's own `fmt` returns an error, what it wrote is kept
/// and [`FMT_ERROR`] follows. An error of the underlying writer is still
/// returned, so a caller that keeps its own error (`serde_json` does) sees it.
#[derive(Clone, Copy)]
pub(crate) struct Total<'a>(pub &'a dyn fmt::Display);

impl fmt::Display for Total<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Tracking {
            inner: &mut *f,
            failed: false,
        };
        match write!(out, "{}", self.0) {
            Ok(()) => Ok(()),
            Err(_) if out.failed => Err(fmt::Error),
            Err(_) => f.write_str(FMT_ERROR),
        }
    }
}

impl fmt::Debug for Total<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Total(..)")
    }
}

/// Remembers whether the writer itself failed, to tell it apart from a
/// failure of the value being formatted.
struct Tracking<'w> {
    inner: &'w mut dyn Write,
    failed: bool,
}

impl Write for Tracking<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.inner.write_str(s).inspect_err(|_| self.failed = true)
    }
}

/// Whether `c`, placed into a message's text, could break or forge a line
/// in a text sink, or reorder what a reader sees: the C0 and C1 controls,
/// DEL, U+2028 and U+2029, and the bidi controls (U+061C, U+200E, U+200F,
/// U+202A..=U+202E, U+2066..=U+2069).
#[inline]
pub(crate) const fn forges(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `text` has a char that [`forges`]: a byte scan for ASCII text.
#[inline]
pub(crate) fn has_forging(text: &str) -> bool {
    text.bytes().any(|b| !(0x20..0x7f).contains(&b)) && text.chars().any(forges)
}

/// A writer that escapes, in what it is given, every char that [`forges`]:
/// `\n`, `\r` and `\t` as such, the others as `\u{XXXX}` (Rust's escapes).
/// For a value placed into a message: its text stays on one line.
pub(crate) struct EscapeLines<'w>(pub(crate) &'w mut dyn Write);

impl Write for EscapeLines<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if !has_forging(s) {
            return self.0.write_str(s);
        }
        let mut from = 0;
        for (at, c) in s.char_indices().filter(|(_, c)| forges(*c)) {
            self.0.write_str(&s[from..at])?;
            match c {
                '\n' => self.0.write_str("\\n")?,
                '\r' => self.0.write_str("\\r")?,
                '\t' => self.0.write_str("\\t")?,
                _ => write!(self.0, "\\u{{{:04x}}}", u32::from(c))?,
            }
            from = at + c.len_utf8();
        }
        self.0.write_str(&s[from..])
    }
}

/// The largest index `<= max` that is a char boundary of `s`.
#[must_use]
pub(crate) fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut at = max;
    // Index 0 is always a char boundary, so the loop ends.
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The `Display` text of a value cut to at most `max` bytes on a char
/// boundary, followed by [`TRUNCATED`] when something was cut.
#[derive(Clone, Copy, Debug)]
pub struct Truncate<'a, T: ?Sized> {
    value: &'a T,
    max: usize,
}

impl<'a, T: ?Sized> Truncate<'a, T> {
    /// Cuts the text of `value` at `max` bytes.
    #[must_use]
    pub const fn new(value: &'a T, max: usize) -> Self {
        Truncate { value, max }
    }
}

impl<T: fmt::Display + ?Sized> fmt::Display for Truncate<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Budget {
            inner: &mut *f,
            left: self.max,
            cut: false,
            failed: false,
        };
        let result = write!(out, "{}", self.value);
        let (cut, failed) = (out.cut, out.failed);
        match result {
            Ok(()) => Ok(()),
            // The budget stopped the value: the text was cut.
            Err(_) if cut && !failed => f.write_str(TRUNCATED),
            Err(_) => Err(fmt::Error),
        }
    }
}

/// Passes at most `left` bytes through, then stops the writer with an error.
struct Budget<'w> {
    inner: &'w mut dyn Write,
    left: usize,
    cut: bool,
    failed: bool,
}

impl Write for Budget<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.cut {
            return Err(fmt::Error);
        }
        let keep = floor_char_boundary(s, self.left);
        self.inner
            .write_str(&s[..keep])
            .inspect_err(|_| self.failed = true)?;
        self.left -= keep;
        if keep < s.len() {
            self.cut = true;
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// The RFC 3339 text of a timestamp in a stack buffer (see
/// [`write_rfc3339_parts`]).
#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
pub(crate) fn timestamp(secs: i64, nanos: u32) -> StackStr<48> {
    let mut text = StackStr::new();
    // 48 bytes hold the timestamp of any `i64` of seconds: a sign, at most
    // 12 digits of year, and the 27 bytes after them.
    let _ = write_rfc3339_parts(&mut text, secs, nanos);
    text
}

/// A string buffer on the stack, for the short text forms of numbers,
/// addresses and chars.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    /// An empty buffer.
    #[must_use]
    pub(crate) const fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }

    /// The buffer holding the `Display` text of `value`, or `None` when the
    /// text is longer than `N` bytes or `fmt` failed.
    pub(crate) fn format(value: &dyn fmt::Display) -> Option<Self> {
        let mut s = Self::new();
        write!(s, "{value}").ok()?;
        Some(s)
    }

    /// Replaces the text with the `Display` text of `value`; `false` (and
    /// an empty buffer) when it is longer than `N` bytes or `fmt` failed.
    pub(crate) fn set(&mut self, value: &dyn fmt::Display) -> bool {
        self.len = 0;
        if write!(self, "{value}").is_ok() {
            true
        } else {
            self.len = 0;
            false
        }
    }

    /// The bytes of the text written so far.
    #[must_use]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The text written so far.
    #[must_use]
    pub(crate) fn as_str(&self) -> &str {
        // Only whole `&str` values are ever copied in, so the bytes are UTF-8.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> Default for StackStr<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `time` as seconds since the Unix epoch (rounded down) and nanoseconds.
///
/// Every platform's `SystemTime` holds its seconds in 64 bits; the one time
/// whose rounding down leaves `i64` (a fraction of a second before
/// `i64::MIN` seconds, 292 billion years ago) is written as `i64::MIN`.
fn unix(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(before) => {
            let d = before.duration();
            let secs = 0i64.saturating_sub_unsigned(d.as_secs());
            match d.subsec_nanos() {
                0 => (secs, 0),
                nanos => match secs.checked_sub(1) {
                    Some(secs) => (secs, 1_000_000_000 - nanos),
                    None => (i64::MIN, 0),
                },
            }
        }
    }
}

/// The civil date and time, in UTC, of `secs` seconds and `nanos`
/// nanoseconds (below one second) after the Unix epoch. In 64 bits: the
/// year of `i64::MIN` or `i64::MAX` seconds has 12 digits, and no step
/// below overflows.
fn civil_parts(secs: i64, nanos: u32) -> (i64, i64, i64, i64, i64, i64, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);

    // Days to a civil date (proleptic Gregorian), after Howard Hinnant's
    // `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, hour, minute, second, nanos)
}

/// `time` as RFC 3339 in UTC with nanoseconds, in a fixed buffer, for years
/// 0 to 9999 (`None` outside them, which [`write_rfc3339`] handles).
#[cfg(feature = "cloud-logging")]
pub(crate) fn rfc3339_bytes(time: SystemTime) -> Option<[u8; 30]> {
    use std::cell::Cell;

    thread_local! {
        /// This thread's last second written and its text up to the
        /// fraction (`2026-11-26T11:30:17`): events of the same second copy
        /// it and write their nanoseconds only.
        static LAST_SECOND: Cell<Option<(i64, [u8; 19])>> = const { Cell::new(None) };
    }

    fn put(out: &mut [u8], mut n: u64) {
        for digit in out.iter_mut().rev() {
            // `n % 10` is a digit.
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }

    let (secs, nanos) = unix(time);
    let mut out = *b"0000-00-00T00:00:00.000000000Z";
    // `try_with` fails only while the thread's locals are destroyed; the
    // text is then computed as when the second changed.
    let last = LAST_SECOND.try_with(Cell::get).ok().flatten();
    match last {
        Some((second, text)) if second == secs => out[..19].copy_from_slice(&text),
        _ => {
            let (year, month, day, hour, minute, second, _) = civil_parts(secs, nanos);
            if !(0..=9999).contains(&year) {
                return None;
            }
            // Every part is in range: years 0..=9999, the others by
            // construction.
            let part = |n: i64| u64::try_from(n).unwrap_or(0);
            put(&mut out[0..4], part(year));
            put(&mut out[5..7], part(month));
            put(&mut out[8..10], part(day));
            put(&mut out[11..13], part(hour));
            put(&mut out[14..16], part(minute));
            put(&mut out[17..19], part(second));
            let mut text = [0; 19];
            text.copy_from_slice(&out[..19]);
            let _ = LAST_SECOND.try_with(|last| last.set(Some((secs, text))));
        }
    }
    put(&mut out[20..29], u64::from(nanos));
    Some(out)
}

/// Writes `time` as an RFC 3339 timestamp in UTC with nanoseconds:
/// `2026-11-26T11:30:17.123456789Z`. Times before 1970 work too; a year
/// outside 0..=9999 (which RFC 3339 cannot express) is written with its
/// sign and all its digits rather than failing.
pub(crate) fn write_rfc3339(out: &mut impl Write, time: SystemTime) -> fmt::Result {
    let (secs, nanos) = unix(time);
    write_rfc3339_parts(out, secs, nanos)
}

/// As [`write_rfc3339`], for `secs` seconds (rounded down) and `nanos`
/// nanoseconds after the Unix epoch; `nanos` past a second (a leap second)
/// is written as the second's last nanosecond.
pub(crate) fn write_rfc3339_parts(out: &mut impl Write, secs: i64, nanos: u32) -> fmt::Result {
    let (year, month, day, hour, minute, second, nanos) = civil_parts(secs, nanos.min(999_999_999));
    if (0..=9999).contains(&year) {
        write!(out, "{year:04}")?;
    } else {
        write!(out, "{year:+}")?;
    }
    write!(
        out,
        "-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{nanos:09}Z"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fails;
    impl fmt::Display for Fails {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("half")?;
            Err(fmt::Error)
        }
    }

    #[test]
    fn total_keeps_the_text_and_marks_the_failure() {
        assert_eq!(Total(&Fails).to_string(), "half[fmt error]");
        assert_eq!(Total(&"fine").to_string(), "fine");
    }

    #[test]
    fn truncate_cuts_on_a_char_boundary() {
        assert_eq!(Truncate::new("héllo", 2).to_string(), "h…");
        assert_eq!(Truncate::new("héllo", 3).to_string(), "hé…");
        assert_eq!(Truncate::new("héllo", 6).to_string(), "héllo");
        assert_eq!(Truncate::new("héllo", 60).to_string(), "héllo");
        assert_eq!(Truncate::new(&12345, 3).to_string(), "123…");
        // A failure of the value is not mistaken for a cut.
        assert!(
            fmt::write(
                &mut String::new(),
                format_args!("{}", Truncate::new(&Fails, 100))
            )
            .is_err()
        );
        assert_eq!(
            Total(&Truncate::new(&Fails, 100)).to_string(),
            "half[fmt error]"
        );
        assert_eq!(Total(&Truncate::new(&Fails, 2)).to_string(), "ha…");
    }

    fn rfc3339(time: SystemTime) -> String {
        let mut out = String::new();
        write_rfc3339(&mut out, time).unwrap();
        out
    }

    #[test]
    fn rfc3339_in_utc_with_nanoseconds() {
        use std::time::Duration;
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000000000Z");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56.789.
        let t = UNIX_EPOCH + Duration::new(951_827_696, 789_000_000);
        assert_eq!(rfc3339(t), "2000-02-29T12:34:56.789000000Z");
        // The last nanosecond of 1969.
        let t = UNIX_EPOCH - Duration::from_nanos(1);
        assert_eq!(rfc3339(t), "1969-12-31T23:59:59.999999999Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_692_617);
        assert_eq!(rfc3339(t), "2026-11-26T11:30:17.000000000Z");
        // 9999-12-31T23:59:59 and one second later.
        let t = UNIX_EPOCH + Duration::from_secs(253_402_300_799);
        assert_eq!(rfc3339(t), "9999-12-31T23:59:59.000000000Z");
        assert_eq!(
            rfc3339(t + Duration::from_secs(1)),
            "+10000-01-01T00:00:00.000000000Z"
        );
    }

    #[test]
    fn rfc3339_of_the_extreme_seconds_does_not_overflow() {
        let text = |secs: i64| {
            let mut out = String::new();
            write_rfc3339_parts(&mut out, secs, 0).unwrap();
            out
        };
        assert_eq!(text(i64::MAX), "+292277026596-12-04T15:30:07.000000000Z");
        assert_eq!(text(i64::MIN), "-292277022657-01-27T08:29:52.000000000Z");
    }

    #[cfg(feature = "cloud-logging")]
    #[test]
    fn the_fixed_rfc3339_writer_agrees_with_the_general_one() {
        use std::time::Duration;
        // Each second three times (the second and the third reuse the
        // text of the date), then the same seconds backwards.
        let seconds = [0u64, 1, 951_827_696, 1_795_692_617, 253_402_300_799];
        for secs in seconds.into_iter().chain(seconds.into_iter().rev()) {
            for nanos in [0, 5, 999_999_999] {
                let t = UNIX_EPOCH + Duration::new(secs, nanos);
                let fixed = rfc3339_bytes(t).unwrap();
                assert_eq!(std::str::from_utf8(&fixed).unwrap(), rfc3339(t));
            }
        }
        assert!(rfc3339_bytes(UNIX_EPOCH + Duration::from_secs(253_402_300_800)).is_none());
    }

    #[test]
    fn stack_str_refuses_what_does_not_fit() {
        assert_eq!(StackStr::<4>::format(&"abcd").unwrap().as_str(), "abcd");
        assert!(StackStr::<4>::format(&"abcde").is_none());
        assert_eq!(
            StackStr::<40>::format(&i128::MIN).unwrap().as_str(),
            i128::MIN.to_string()
        );
    }
}
