//! How a number is written: integers exactly (Cloud Logging keeps JSON
//! numbers as doubles), floats as JSON allows.

/// Integers from this magnitude on are written as strings: Cloud Logging
/// keeps JSON numbers as doubles, which hold every integer below 2^53.
pub(crate) const EXACT_LIMIT: u64 = 1 << 53;

/// An integer type a line writes.
pub(crate) trait Integer: itoa::Integer + Copy {
    /// Whether a double holds the value exactly: its magnitude is below
    /// 2^53.
    fn fits_double(self) -> bool;
}

macro_rules! integer {
    ($($ty:ty => |$n:ident| $fits:expr;)*) => {$(
        impl Integer for $ty {
            #[inline]
            fn fits_double(self) -> bool {
                let $n = self;
                $fits
            }
        }
    )*};
}

integer! {
    u64 => |n| n < EXACT_LIMIT;
    i64 => |n| n.unsigned_abs() < EXACT_LIMIT;
    u128 => |n| n < u128::from(EXACT_LIMIT);
    i128 => |n| n.unsigned_abs() < u128::from(EXACT_LIMIT);
}

/// Writes `n` as JSON: a number, or a decimal string when its magnitude is
/// 2^53 or more.
#[inline]
pub(crate) fn push_int<I: Integer>(out: &mut Vec<u8>, n: I) {
    let mut buf = itoa::Buffer::new();
    let text = buf.format(n).as_bytes();
    if n.fits_double() {
        out.extend_from_slice(text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text);
        out.push(b'"');
    }
}

/// Writes `x` as a JSON number, or NaN and the infinities as the strings
/// `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub(crate) fn push_f64(out: &mut Vec<u8>, x: f64) {
    match crate::value::fields::non_finite_name(x) {
        Some(name) => {
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.push(b'"');
        }
        None => {
            let mut buf = ryu::Buffer::new();
            out.extend_from_slice(buf.format_finite(x).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::push_int;

    fn int(n: impl super::Integer) -> String {
        let mut out = Vec::new();
        push_int(&mut out, n);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers_from_2_pow_53_on_are_strings_in_every_width() {
        let limit = 1u64 << 53;
        assert_eq!(int(limit - 1), "9007199254740991");
        assert_eq!(int(limit), "\"9007199254740992\"");
        assert_eq!(int(1 - (1i64 << 53)), "-9007199254740991");
        assert_eq!(int(-(1i64 << 53)), "\"-9007199254740992\"");
        assert_eq!(int(i64::MIN), "\"-9223372036854775808\"");
        assert_eq!(int(u128::from(limit - 1)), "9007199254740991");
        assert_eq!(int(u128::from(limit)), "\"9007199254740992\"");
        assert_eq!(int(-i128::from(limit)), "\"-9007199254740992\"");
        assert_eq!(int(i128::from(limit) - 1), "9007199254740991");
        assert_eq!(int(i128::MIN), format!("\"{}\"", i128::MIN));
    }
}
