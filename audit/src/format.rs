//! The placeholders of a format string, read from the string literal's
//! source text so that each one has an exact position.

/// The argument a placeholder formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Arg {
    /// `{}`: the next positional argument (0-based).
    Next(usize),
    /// `{1}`: an explicit position.
    Index(usize),
    /// `{name}`: a named argument, or a variable captured by name.
    Named(String),
}

/// One `{...}` of a format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Placeholder {
    /// Byte offsets of `{` and one past `}` in the literal's source text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The placeholder's text, `{state:?}`.
    pub(crate) text: String,
    pub(crate) arg: Arg,
    /// The format spec ends in `?`: `{:?}`, `{:#?}`, `{:x?}`, `{x:>8?}`.
    pub(crate) debug: bool,
}

/// Whether `token` (a literal's source text) is a string literal: `"..."` or
/// `r#"..."#`, not a byte or C string.
pub(crate) fn is_str_literal(token: &str) -> bool {
    token.starts_with('"')
        || (token.starts_with('r') && token[1..].trim_start_matches('#').starts_with('"'))
}

/// The placeholders of a string literal given by its source text. Returns
/// nothing for text that is not a string literal.
pub(crate) fn placeholders(literal: &str) -> Vec<Placeholder> {
    let Some((body_start, body_end, raw)) = body(literal) else {
        return Vec::new();
    };
    let body = &literal[body_start..body_end];
    let mut found = Vec::new();
    let mut next = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if !raw => {
                // An escape: `\{` does not exist, but `\u{..}` has braces.
                if let Some((_, 'u')) = chars.next() {
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
            }
            '{' if chars.peek().is_some_and(|&(_, c)| c == '{') => {
                chars.next();
            }
            '{' => {
                let mut end = None;
                for (j, c) in chars.by_ref() {
                    if c == '}' {
                        end = Some(j);
                        break;
                    }
                }
                let Some(end) = end else { break };
                let inner = &body[i + 1..end];
                let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
                let arg = arg.trim();
                if spec.contains(".*") {
                    // `{:.*}` takes its precision from the next argument first.
                    next += 1;
                }
                let arg = if arg.is_empty() {
                    next += 1;
                    Arg::Next(next - 1)
                } else if let Ok(index) = arg.parse() {
                    Arg::Index(index)
                } else {
                    Arg::Named(arg.to_owned())
                };
                found.push(Placeholder {
                    start: body_start + i,
                    end: body_start + end + 1,
                    text: body[i..=end].to_owned(),
                    arg,
                    debug: spec.trim_end().ends_with('?'),
                });
            }
            _ => {}
        }
    }
    found
}

/// A Debug placeholder written for Display, as `safe_log`'s messages take it:
/// `{:?}` gives `{}`, `{x:#?}` `{x}`, `{:>8?}` `{:>8}`, `{0:x?}` `{0}`.
pub(crate) fn display_placeholder(text: &str) -> String {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let Some((arg, spec)) = inner.split_once(':') else {
        return text.to_owned();
    };
    let spec = spec.trim_end();
    let spec = spec.strip_suffix('?').unwrap_or(spec);
    // `x?` and `X?`: Debug with hexadecimal integers.
    let spec = spec
        .strip_suffix(['x', 'X'])
        .filter(|rest| rest.is_empty() || !rest.ends_with(['.', '$']))
        .unwrap_or(spec);
    // `#` is the alternate (pretty) flag unless it is the fill before an
    // alignment (`{:#>8?}`).
    let aligned = |at: usize| spec[at + 1..].starts_with(['<', '^', '>']);
    let spec: String = match spec.find('#') {
        Some(at) if !aligned(at) => format!("{}{}", &spec[..at], &spec[at + 1..]),
        _ => spec.to_owned(),
    };
    if spec.is_empty() {
        format!("{{{arg}}}")
    } else {
        format!("{{{arg}:{spec}}}")
    }
}

/// The formatting trait a placeholder names that a `safe_log` message does
/// not take: `p` in `{:p}` (numbers' `x`, `X`, `o`, `b`, `e`, `E` it takes).
pub(crate) fn other_trait(text: &str) -> Option<char> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let (_, spec) = inner.split_once(':')?;
    spec.trim_end()
        .chars()
        .last()
        // safe_log's messages take `{:x}`, `{:X}`, `{:o}`, `{:b}` on integers
        // and `{:e}`, `{:E}` on numbers; a pointer has no log form.
        .filter(|c| *c == 'p')
}

/// The byte range of a literal's contents and whether it is a raw string.
fn body(literal: &str) -> Option<(usize, usize, bool)> {
    if literal.starts_with('"') && literal.len() >= 2 && literal.ends_with('"') {
        return Some((1, literal.len() - 1, false));
    }
    let rest = literal.strip_prefix('r')?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let start = 1 + hashes + 1;
    let end = literal.len().checked_sub(hashes + 1)?;
    (start <= end && literal[1 + hashes..].starts_with('"')).then_some((start, end, true))
}

#[cfg(test)]
mod tests {
    use super::{Arg, display_placeholder, is_str_literal, other_trait, placeholders};

    fn debug(literal: &str) -> Vec<(String, Arg)> {
        placeholders(literal)
            .into_iter()
            .filter(|p| p.debug)
            .map(|p| {
                assert_eq!(&literal[p.start..p.end], p.text);
                (p.text, p.arg)
            })
            .collect()
    }

    #[test]
    fn finds_every_debug_spec() {
        assert_eq!(debug(r#""a {} b""#), vec![]);
        assert_eq!(
            debug(r#""{} {:?} {:#?} {state:?} {0:x?} {:>8?}""#),
            vec![
                ("{:?}".to_owned(), Arg::Next(1)),
                ("{:#?}".to_owned(), Arg::Next(2)),
                ("{state:?}".to_owned(), Arg::Named("state".to_owned())),
                ("{0:x?}".to_owned(), Arg::Index(0)),
                ("{:>8?}".to_owned(), Arg::Next(3)),
            ]
        );
    }

    #[test]
    fn escapes_raw_strings_and_malformed_text() {
        assert_eq!(
            debug(r#""{{:?}} \u{7b} {:?}""#),
            vec![("{:?}".to_owned(), Arg::Next(0))]
        );
        assert_eq!(
            debug(r##"r#"say "{}" {:?}"#"##),
            vec![("{:?}".to_owned(), Arg::Next(1))]
        );
        assert_eq!(debug(r#""{:?""#), vec![]);
        assert_eq!(debug("r\"\""), vec![]);
        assert_eq!(debug("x"), vec![]);
        assert_eq!(debug("\""), vec![]);
        assert!(is_str_literal("\"a\"") && is_str_literal("r#\"a\"#"));
        assert!(!is_str_literal("b\"a\"") && !is_str_literal("c\"a\"") && !is_str_literal("1"));
    }

    #[test]
    fn debug_placeholders_become_display() {
        for (debug, display) in [
            ("{:?}", "{}"),
            ("{:#?}", "{}"),
            ("{state:?}", "{state}"),
            ("{state:#?}", "{state}"),
            ("{0:x?}", "{0}"),
            ("{:#X?}", "{}"),
            ("{:>8?}", "{:>8}"),
            ("{:#>8?}", "{:#>8}"),
            ("{:.3?}", "{:.3}"),
            ("{:08.2?}", "{:08.2}"),
            ("{:w$?}", "{:w$}"),
            ("{}", "{}"),
        ] {
            assert_eq!(display_placeholder(debug), display, "{debug}");
        }
        // Numbers' forms are safe_log's too; a pointer's is not.
        assert_eq!(other_trait("{:x}"), None);
        assert_eq!(other_trait("{n:.2e}"), None);
        assert_eq!(other_trait("{:p}"), Some('p'));
        assert_eq!(other_trait("{:>8}"), None);
        assert_eq!(other_trait("{x}"), None);
        assert_eq!(other_trait("{:?}"), None);
    }
}
