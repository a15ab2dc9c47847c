//! JSON strings that cannot break or forge a line, and cannot grow past a
//! cap.

use core::fmt;

use crate::value::text::Total;
use crate::{FMT_ERROR, TRUNCATED};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// How many bytes `c` (the char starting at `bytes[0]`) takes escaped, and
/// whether it must be written as `\uXXXX`: the C0 and C1 controls, DEL,
/// U+2028, U+2029, and the bidi overrides U+202A..=U+202E and
/// U+2066..=U+2069. A `"` and a `\` take a backslash.
#[inline]
fn needs_escape(bytes: &[u8]) -> Option<Escape> {
    match bytes {
        [b'"' | b'\\', ..] => Some(Escape::Backslash),
        [b, ..] if *b < 0x20 || *b == 0x7f => Some(Escape::Unicode(u32::from(*b))),
        // U+0080..=U+009F: C2 80..=C2 9F.
        [0xc2, b, ..] if (0x80..=0x9f).contains(b) => Some(Escape::Unicode(u32::from(*b))),
        // U+2028..=U+202E: E2 80 A8..=E2 80 AE.
        [0xe2, 0x80, b, ..] if (0xa8..=0xae).contains(b) => {
            Some(Escape::Unicode(0x2000 + u32::from(*b - 0x80)))
        }
        // U+2066..=U+2069: E2 81 A6..=E2 81 A9.
        [0xe2, 0x81, b, ..] if (0xa6..=0xa9).contains(b) => {
            Some(Escape::Unicode(0x2040 + u32::from(*b - 0x80)))
        }
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Escape {
    Backslash,
    Unicode(u32),
}

/// The length in bytes of the UTF-8 char that starts with `lead`.
#[inline]
fn char_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Whether any of the 8 bytes of `word` needs a look: a control, `"`,
/// `\`, DEL, or a byte of a non-ASCII char (SWAR, after "Bit Twiddling
/// Hacks": `haszero`/`hasless`).
#[inline]
fn word_needs_look(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    let del = has_zero(word ^ (ONES * 0x7f));
    (below_space | quote | backslash | del | (word & HIGHS)) != 0
}

/// The length of the leading run of `bytes` that is printable ASCII other
/// than `"` and `\`, read 8 bytes at a time.
#[inline]
fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if word_needs_look(u64::from_le_bytes(word)) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\' {
            break;
        }
        i += 1;
    }
    i
}

/// Whether `text` needs no escape at all.
#[inline]
pub(crate) fn is_plain(text: &str) -> bool {
    plain_run(text.as_bytes()) == text.len()
}

/// Appends `text` escaped (without quotes), stopping before `limit` total
/// bytes of `out` would be passed. Returns whether all of `text` fit.
#[inline]
fn push_escaped(out: &mut Vec<u8>, text: &str, limit: usize) -> bool {
    let bytes = text.as_bytes();
    // Most text is plain ASCII: copied in one go.
    let plain = plain_run(bytes);
    if plain == bytes.len() && out.len() + plain <= limit {
        out.extend_from_slice(bytes);
        return true;
    }
    let mut start = 0;
    let mut i = plain;
    while i < bytes.len() {
        let b = bytes[i];
        let len = if b < 0x80 { 1 } else { char_len(b) };
        let Some(escape) = needs_escape(&bytes[i..]) else {
            // A char that stays as it is (ASCII, or non-ASCII not escaped).
            i += len;
            if b < 0x80 {
                i += plain_run(&bytes[i..]);
            }
            continue;
        };
        // Flush the plain run, then the escape, within the limit.
        if out.len() + (i - start) > limit {
            return push_plain_cut(out, &text[start..], limit);
        }
        out.extend_from_slice(&bytes[start..i]);
        let escaped_len = match escape {
            Escape::Backslash => 2,
            Escape::Unicode(_) => 6,
        };
        if out.len() + escaped_len > limit {
            return false;
        }
        match escape {
            Escape::Backslash => out.extend_from_slice(&[b'\\', b]),
            Escape::Unicode(c) => {
                let d = |shift: u32| HEX[((c >> shift) & 0xf) as usize];
                out.extend_from_slice(&[b'\\', b'u', d(12), d(8), d(4), d(0)]);
            }
        }
        i += len;
        start = i;
        i += plain_run(&bytes[i..]);
    }
    if out.len() + (bytes.len() - start) > limit {
        return push_plain_cut(out, &text[start..], limit);
    }
    out.extend_from_slice(&bytes[start..]);
    true
}

/// Appends as much of `plain` (which needs no escape) as fits before
/// `limit`, cut on a char boundary. Always `false`: something was cut.
fn push_plain_cut(out: &mut Vec<u8>, plain: &str, limit: usize) -> bool {
    let room = limit.saturating_sub(out.len());
    let cut = crate::value::text::floor_char_boundary(plain, room);
    out.extend_from_slice(&plain.as_bytes()[..cut]);
    false
}

/// Appends `"text"`, escaped, the whole string taking at most `cap` bytes
/// (quotes included): a longer one is cut on a char boundary and ends with
/// [`TRUNCATED`]. `cap` must leave room for the quotes and the marker.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str, cap: usize) {
    let cap = cap.max(MIN_STRING);
    let start = out.len();
    out.push(b'"');
    // Room for the marker and the closing quote.
    let limit = start + cap - TRUNCATED.len() - 1;
    if !push_escaped(out, text, limit) {
        out.extend_from_slice(TRUNCATED.as_bytes());
    }
    out.push(b'"');
}

/// The smallest string cap: quotes, a marker, and a few bytes of text.
pub(crate) const MIN_STRING: usize = 2 + 3 + 8 + FMT_ERROR.len();

/// Appends `"text"` where text is what `value` writes, escaped and capped as
/// [`push_str`] does. A `value` whose `fmt` fails keeps what it wrote,
/// followed by [`FMT_ERROR`]; nothing here fails or panics because of it.
pub(crate) fn push_display(out: &mut Vec<u8>, value: &dyn fmt::Display, cap: usize) {
    let cap = cap.max(MIN_STRING);
    let start = out.len();
    out.push(b'"');
    // Room for a marker (the longer of the two) and the closing quote.
    let limit = start + cap - FMT_ERROR.len().max(TRUNCATED.len()) - 1;
    let mut writer = Escaper {
        out,
        limit,
        cut: false,
    };
    let result = fmt::write(&mut writer, format_args!("{}", Total(value)));
    let cut = writer.cut;
    if cut {
        out.extend_from_slice(TRUNCATED.as_bytes());
    } else if result.is_err() {
        // `Total` fails only when the writer does, and this one fails only
        // when it cuts; still, a failure must not leave half a string.
        out.extend_from_slice(FMT_ERROR.as_bytes());
    }
    out.push(b'"');
}

/// A `fmt::Write` that escapes into `out` and stops at `limit`.
struct Escaper<'o> {
    out: &'o mut Vec<u8>,
    limit: usize,
    cut: bool,
}

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.cut {
            return Err(fmt::Error);
        }
        if push_escaped(self.out, s, self.limit) {
            Ok(())
        } else {
            self.cut = true;
            Err(fmt::Error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        push_str(&mut out, text, 1 << 20);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_everything_that_could_break_or_forge_a_line() {
        assert_eq!(escaped("plain"), "\"plain\"");
        assert_eq!(escaped("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(escaped("a\nb\r\t\u{0}"), r#""a\u000ab\u000d\u0009\u0000""#);
        assert_eq!(
            escaped("\u{7f}\u{85}\u{9f}\u{a0}"),
            "\"\\u007f\\u0085\\u009f\u{a0}\""
        );
        assert_eq!(escaped("\u{2028}\u{2029}"), r#""\u2028\u2029""#);
        assert_eq!(
            escaped("\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}"),
            r#""\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069""#
        );
        // Neighbours of the escaped ranges stay as they are.
        assert_eq!(
            escaped("\u{2027}\u{202f}\u{2065}\u{206a}é🦀"),
            "\"\u{2027}\u{202f}\u{2065}\u{206a}é🦀\""
        );
    }

    #[test]
    fn a_capped_string_is_cut_on_a_char_boundary_and_marked() {
        let mut out = Vec::new();
        push_str(&mut out, &"é".repeat(100), 40);
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(out.len() <= 40, "{text}");
        assert!(text.ends_with("…\""), "{text}");
        let mut out = Vec::new();
        push_str(&mut out, &"\n".repeat(100), 40);
        assert!(out.len() <= 40);
        let parsed: String = serde_json::from_slice(&out).unwrap();
        assert!(parsed.starts_with("\n\n") && parsed.ends_with('…'));
    }

    #[test]
    fn a_failing_display_is_marked_and_closed() {
        struct Fails;
        impl fmt::Display for Fails {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("half\"")?;
                Err(fmt::Error)
            }
        }
        let mut out = Vec::new();
        push_display(&mut out, &Fails, 1000);
        assert_eq!(String::from_utf8(out).unwrap(), r#""half\"[fmt error]""#);
        let mut out = Vec::new();
        push_display(&mut out, &"x".repeat(100), 40);
        assert!(out.len() <= 40);
        assert!(String::from_utf8(out).unwrap().ends_with("…\""));
    }
}
