//! Small readers of token trees shared by the scanner.

use proc_macro2::{LineColumn, Spacing, TokenTree};

use crate::format;

use super::Call;

/// `path ! (group)` ending at `tokens[group]`.
pub(super) fn call_before<'t>(
    tokens: &[TokenTree],
    group: usize,
    args: &'t [TokenTree],
) -> Option<Call<'t>> {
    if group < 2 || !is_punct(&tokens[group - 1], '!', Spacing::Alone) {
        return None;
    }
    let TokenTree::Ident(last) = &tokens[group - 2] else {
        return None;
    };
    let mut path = vec![last.to_string()];
    let mut start = last.span().start();
    let mut i = group - 2;
    let mut leading_colon = false;
    while i >= 2
        && is_punct(&tokens[i - 1], ':', Spacing::Alone)
        && is_punct(&tokens[i - 2], ':', Spacing::Joint)
    {
        start = tokens[i - 2].span().start();
        match i.checked_sub(3).map(|j| &tokens[j]) {
            Some(TokenTree::Ident(ident)) => {
                path.insert(0, ident.to_string());
                start = ident.span().start();
                i -= 3;
            }
            _ => {
                leading_colon = true;
                break;
            }
        }
    }
    // `$crate::error!` inside a macro definition names the defining crate.
    if i >= 1 && !leading_colon && is_punct(&tokens[i - 1], '$', Spacing::Alone) {
        return None;
    }
    Some(Call {
        leading_colon,
        path,
        start,
        path_end: tokens[group - 1].span().start(),
        args,
    })
}

/// The index of the first `=` that is an assignment (`key = value`), not
/// part of `==`, `<=`, `+=`, `=>` and the like. `k=?v` makes the `=` joint.
pub(super) fn assignment(tokens: &[TokenTree]) -> Option<usize> {
    tokens.iter().enumerate().position(|(i, token)| {
        let TokenTree::Punct(eq) = token else {
            return false;
        };
        let after_operator =
            i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
        let before_operator = eq.spacing() == Spacing::Joint
            && matches!(tokens.get(i + 1).and_then(punct), Some('=' | '>'));
        eq.as_char() == '=' && !after_operator && !before_operator
    })
}

pub(super) fn punct(token: &TokenTree) -> Option<char> {
    match token {
        TokenTree::Punct(punct) => Some(punct.as_char()),
        _ => None,
    }
}

pub(super) fn is_punct(token: &TokenTree, c: char, spacing: Spacing) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == c && punct.spacing() == spacing)
}

pub(super) fn is_str(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Literal(literal)] if format::is_str_literal(&literal.to_string()))
}

pub(super) fn is_ident(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A key for a value in a replacement: `state` for `self.state`, `peer` for
/// `conn.peer()`, `value` when there is no name to take.
pub(super) fn key_for(value: &str) -> String {
    let trimmed = value.trim_start_matches(['&', '*']).trim_end_matches("()");
    let last = trimmed.rsplit(['.', ':']).next().unwrap_or(trimmed);
    if is_ident(last) && last != "self" {
        last.to_owned()
    } else {
        "value".to_owned()
    }
}

/// A format argument: `name = value` gives both, `value` only the value.
pub(super) fn named_arg(tokens: &[TokenTree]) -> (Option<String>, &[TokenTree]) {
    if let [TokenTree::Ident(name), _, value @ ..] = tokens {
        if assignment(tokens) == Some(1) && !value.is_empty() {
            return (Some(name.to_string()), value);
        }
    }
    (None, tokens)
}

/// A literal or `true`/`false`: a primitive whatever the formatting, nothing
/// for the audit to flag.
pub(super) fn is_constant(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Literal(_)] => true,
        [TokenTree::Punct(minus), TokenTree::Literal(_)] => minus.as_char() == '-',
        [TokenTree::Ident(ident)] => ident == "true" || ident == "false",
        _ => false,
    }
}

/// `target: ...`, `parent: ...`, `name: ...`, `logger: ...`.
pub(super) fn is_prefix(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Ident(ident), colon, next, ..] => {
            matches!(
                ident.to_string().as_str(),
                "target" | "parent" | "name" | "logger"
            ) && is_punct(colon, ':', Spacing::Alone)
                && !matches!(next, TokenTree::Punct(p) if matches!(p.as_char(), '?' | '%'))
        }
        _ => false,
    }
}

pub(super) fn path_of(tokens: &[TokenTree]) -> Option<(bool, Vec<String>)> {
    let mut segments = Vec::new();
    let mut leading_colon = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(ident) => {
                segments.push(ident.to_string());
                i += 1;
            }
            token
                if is_punct(token, ':', Spacing::Joint)
                    && tokens
                        .get(i + 1)
                        .is_some_and(|t| is_punct(t, ':', Spacing::Alone)) =>
            {
                if segments.is_empty() {
                    leading_colon = true;
                }
                i += 2;
            }
            _ => return None,
        }
    }
    (!segments.is_empty()).then_some((leading_colon, segments))
}

pub(super) fn span_of(tokens: &[TokenTree]) -> Option<(LineColumn, LineColumn)> {
    Some((tokens.first()?.span().start(), tokens.last()?.span().end()))
}

/// The position after `text`, starting at `at`.
pub(super) fn advance(mut at: LineColumn, text: &str) -> LineColumn {
    for c in text.chars() {
        if c == '\n' {
            at.line += 1;
            at.column = 0;
        } else {
            at.column += 1;
        }
    }
    at
}

pub(super) fn comma() -> [TokenTree; 1] {
    [TokenTree::Punct(proc_macro2::Punct::new(
        ',',
        Spacing::Alone,
    ))]
}

pub(super) fn has_top_level(tokens: &[TokenTree], c: char) -> bool {
    tokens.iter().any(|token| punct(token) == Some(c))
}

pub(super) fn split_once_top_level(
    tokens: &[TokenTree],
    c: char,
) -> Option<(&[TokenTree], &[TokenTree])> {
    let at = tokens.iter().position(|token| punct(token) == Some(c))?;
    Some((&tokens[..at], &tokens[at + 1..]))
}

/// Splits at the top-level separators (groups are single tokens already),
/// keeping commas inside a turbofish's `<...>` together.
pub(super) fn split_top_level(tokens: &[TokenTree], c: char) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut angle = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match punct(token) {
            Some('<')
                if i >= 2
                    && is_punct(&tokens[i - 1], ':', Spacing::Alone)
                    && is_punct(&tokens[i - 2], ':', Spacing::Joint) =>
            {
                angle += 1;
            }
            Some('<') if angle > 0 => angle += 1,
            Some('>') if angle > 0 && !(i > 0 && is_punct(&tokens[i - 1], '-', Spacing::Joint)) => {
                angle -= 1;
            }
            Some(p) if p == c && angle == 0 => {
                out.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}
