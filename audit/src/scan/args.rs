//! The arguments of a logging call, read token by token the way tracing's
//! and log's macros read them: prefixes, fields, sigils, the message and its
//! format arguments.

use proc_macro2::{Delimiter, LineColumn, Spacing, TokenTree};

use crate::format::{self, Arg};
use crate::imports::Crate;
use crate::rules::Rule;
use crate::source::Position;

use super::tokens::{
    advance, assignment, comma, has_top_level, is_constant, is_ident, is_prefix, is_punct, is_str,
    key_for, named_arg, path_of, punct, span_of, split_once_top_level, split_top_level,
};
use super::{Call, Kind, Scanner};

impl Scanner<'_> {
    /// With `--strict`: the call itself, with its `safe_log` replacement.
    fn unmigrated(&mut self, call: &Call<'_>, kind: Kind) {
        let path_text = call.path.join("::");
        let (instead, note) = match kind {
            Kind::TracingEvent("event") | Kind::LogEvent("log") => (
                "safe_log::safe_log!".to_owned(),
                " with a `safe_log::Level`",
            ),
            Kind::TracingEvent(level) | Kind::LogEvent(level) => {
                (format!("safe_log::{level}!"), "")
            }
            // `span!` and `info_span!`...: safe-log's have the same names.
            Kind::TracingSpan(_) => (
                format!(
                    "safe_log::{}!",
                    call.path.last().map_or("span", String::as_str)
                ),
                "",
            ),
            _ => (String::new(), ""),
        };
        if !instead.is_empty() {
            let log_note = if matches!(kind, Kind::LogEvent(_)) && has_top_level(call.args, ';') {
                "; log's `key = value; \"message\"` is written `key = value, \"message\"`"
            } else {
                ""
            };
            self.push(
                Rule::UnmigratedEvent,
                (call.start, call.path_end),
                call.start,
                if matches!(kind, Kind::TracingSpan(_)) {
                    format!(
                        "`{path_text}!` makes a span whose fields are formatted at run time, unchecked"
                    )
                } else {
                    format!(
                        "`{path_text}!` accepts values that are formatted at run time, unchecked"
                    )
                },
                format!(
                    "write `{instead}`{note}: the same syntax, every value checked at \
                     compile time{log_note}"
                ),
                Some(instead),
            );
        }
    }

    pub(super) fn logging(&mut self, call: &Call<'_>, kind: Kind) {
        if self.strict {
            self.unmigrated(call, kind);
        }

        // Log: key-values, `;`, then the message.
        let (head, message) = match kind {
            Kind::LogEvent(_) => match split_once_top_level(call.args, ';') {
                Some((head, tail)) => (head, Some(tail)),
                None => (call.args, None),
            },
            _ => (call.args, None),
        };
        let mut segments = split_top_level(head, ',').into_iter().peekable();
        while segments.peek().is_some_and(|segment| is_prefix(segment)) {
            segments.next();
        }
        if matches!(
            kind,
            Kind::TracingEvent("event") | Kind::LogEvent("log") | Kind::TracingSpan(true)
        ) {
            segments.next();
        }
        if matches!(kind, Kind::TracingSpan(_)) {
            // The span's name.
            if segments.peek().is_some_and(|segment| is_str(segment)) {
                segments.next();
            }
        }
        // Messages name the macro as the code writes it.
        let name = call.path.last().map_or("", String::as_str);
        let mut rest = Vec::new();
        let mut in_message = false;
        // The values formatted with `?`/`%` so far, by their text, with
        // their key, and where the previous field ended.
        let mut formatted: Vec<(String, String)> = Vec::new();
        let mut previous_end = None;
        for segment in segments {
            let end = span_of(segment).map(|(_, end)| end);
            if !in_message && self.merged_twin(segment, &mut formatted, previous_end) {
                previous_end = end;
                continue;
            }
            previous_end = end;
            if in_message {
                rest.push(segment);
            } else if message.is_none() && is_str(segment) && !matches!(kind, Kind::TracingSpan(_))
            {
                in_message = true;
                rest.push(segment);
            } else if let [TokenTree::Group(group)] = segment {
                if group.delimiter() == Delimiter::Brace {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    // tracing's `{ a, b }`: safe_log writes the fields bare.
                    if let Some((first, last)) = span_of(&inner) {
                        self.edit(group.span_open().start(), first, "");
                        self.edit(last, group.span_close().end(), "");
                    }
                    for field in split_top_level(&inner, ',') {
                        self.field(call, field);
                    }
                } else {
                    self.field(call, segment);
                }
            } else {
                self.field(call, segment);
            }
        }
        let flat: Vec<TokenTree>;
        let message = match message {
            Some(message) => message,
            None if in_message => {
                flat = rest.join(&comma()[..]);
                &flat
            }
            None => return,
        };
        if let Some(TokenTree::Literal(literal)) = message.first() {
            if format::is_str_literal(&literal.to_string()) {
                self.migrate_message(literal);
            }
        }
        self.message(call, message, Rule::DebugFormat, name);
    }

    /// Checks a format string and its arguments (`tokens` starts at the
    /// literal) for Debug placeholders.
    pub(super) fn message(
        &mut self,
        call: &Call<'_>,
        tokens: &[TokenTree],
        rule: Rule,
        name: &str,
    ) {
        let segments = split_top_level(tokens, ',');
        let Some((first, args)) = segments.split_first() else {
            return;
        };
        let [TokenTree::Literal(literal)] = first else {
            return;
        };
        let raw = literal.to_string();
        if !format::is_str_literal(&raw) {
            return;
        }
        let origin = literal.span().start();
        for placeholder in format::placeholders(&raw).into_iter().filter(|p| p.debug) {
            let start = advance(origin, &raw[..placeholder.start]);
            let end = advance(start, &raw[placeholder.start..placeholder.end]);
            let (key, value) = match &placeholder.arg {
                Arg::Next(index) | Arg::Index(index) => match args.get(*index) {
                    Some(arg) => named_arg(arg),
                    None => (None, &[][..]),
                },
                Arg::Named(named) => {
                    let value = args.iter().find_map(|arg| match named_arg(arg) {
                        (Some(key), value) if &key == named => Some(value),
                        _ => None,
                    });
                    (Some(named.clone()), value.unwrap_or(&[]))
                }
            };
            if is_constant(value) {
                continue;
            }
            let value = match (&placeholder.arg, value.is_empty()) {
                (Arg::Named(named), true) => Some(named.clone()),
                (_, true) => None,
                (_, false) => Some(self.text(value)),
            };
            let value = value.unwrap_or_else(|| "the argument".to_owned());
            let key = key.unwrap_or_else(|| key_for(&value));
            let text = &placeholder.text;
            let (message, help) = if rule == Rule::PrintDebugFormat {
                (
                    format!(
                        "`{text}` in `{name}!` prints `{value}` with Debug: ad-hoc logging, unchecked"
                    ),
                    format!(
                        "log it through safe_log instead, as a field: `safe_log::info!({key} = {value}, \"...\")` \
                         with a type that implements SafeLog"
                    ),
                )
            } else {
                let place = if name == "format" {
                    "in a `format!` among the arguments of a logging call".to_owned()
                } else {
                    format!("in the message of `{name}!`")
                };
                (
                    format!(
                        "`{text}` {place} formats `{value}` with Debug when the event is emitted"
                    ),
                    format!(
                        "move it into a field, `{key} = {value}`, in a safe_log macro (its type must \
                         implement SafeLog), and drop the placeholder"
                    ),
                )
            };
            let replacement = format!("{key} = {value}");
            self.push(
                rule,
                (start, end),
                call.start,
                message,
                help,
                Some(replacement),
            );
        }
    }

    /// `k2 = %e` after `k1 = ?e`: migrated, both would be `e`'s one log
    /// form (an error's chain): the second is removed, and the migration
    /// says so. Returns whether `segment` was removed.
    fn merged_twin(
        &mut self,
        segment: &[TokenTree],
        formatted: &mut Vec<(String, String)>,
        previous_end: Option<LineColumn>,
    ) -> bool {
        let (key, value) = match segment.first().and_then(punct) {
            Some('?' | '%') => (self.text(&segment[1..]), &segment[1..]),
            _ => match assignment(segment) {
                Some(i) if matches!(segment.get(i + 1).and_then(punct), Some('?' | '%')) => {
                    (self.text(&segment[..i]), &segment[i + 2..])
                }
                _ => return false,
            },
        };
        let value = self.text(value);
        if let Some((first, _)) = formatted.iter().find(|(_, v)| *v == value) {
            let (Some(from), Some((_, to))) = (previous_end, span_of(segment)) else {
                return false;
            };
            if self.rewrites.is_none() {
                return false;
            }
            let first = first.clone();
            self.edit(from, to, "");
            self.merged(
                from,
                format!(
                    "`{key}` logged `{value}` a second time, beside `{first}`: migrated, both hold \
                     its one log form, so `{key}` was removed"
                ),
            );
            return true;
        }
        formatted.push((key, value));
        false
    }

    /// Checks one field of a tracing or log macro.
    pub(super) fn field(&mut self, call: &Call<'_>, tokens: &[TokenTree]) {
        let Some(first) = tokens.first() else { return };
        self.credential_key(call, tokens);
        if let Some(sigil @ ('?' | '%')) = punct(first) {
            self.delete_token(tokens);
            if is_constant(&tokens[1..]) {
                return;
            }
            let value = self.text(&tokens[1..]);
            let key = key_for(&value);
            let replacement = if is_ident(&value) {
                value.clone()
            } else {
                format!("{key} = {value}")
            };
            self.sigil(
                call,
                tokens,
                sigil,
                &format!("{sigil}{value}"),
                &value,
                replacement,
            );
            return;
        }
        let eq = assignment(tokens);
        let (key, value) = match eq {
            Some(i) => (&tokens[..i], Some(&tokens[i + 1..])),
            None => (tokens, None),
        };
        if self.log_capture(call, tokens, key, value) {
            return;
        }
        let Some(value) = value else { return };
        let Some(first) = value.first() else { return };
        if self.is_empty_field(value) {
            // The type the function records this field with, if it tells.
            let key_text = self.text(key);
            if let (Some(empty), Some((start, end))) =
                (self.empty_for(key_text.trim_matches('"')), span_of(value))
            {
                self.edit(start, end, empty);
                return;
            }
            let span = span_of(tokens).unwrap_or((first.span().start(), first.span().end()));
            self.leave(span, EMPTY_LEFT.to_owned());
            return;
        }
        let key = self.text(key);
        if let Some(sigil @ ('?' | '%')) = punct(first) {
            self.delete_token(value);
            if is_constant(&value[1..]) {
                return;
            }
            let value_text = self.text(&value[1..]);
            let replacement = format!("{key} = {value_text}");
            self.sigil(
                call,
                value,
                sigil,
                &format!("{key} = {sigil}{value_text}"),
                &value_text,
                replacement,
            );
            return;
        }
        self.field_function(call, &key, value);
    }

    /// log's captures: `key:? = value`, `key:%`, `key:serde = value`.
    /// Returns whether `key` was one.
    fn log_capture(
        &mut self,
        call: &Call<'_>,
        tokens: &[TokenTree],
        key: &[TokenTree],
        value: Option<&[TokenTree]>,
    ) -> bool {
        if let [.., colon, capture] = key {
            // `:` of either spacing (`:?` is joint), but not a path's `::`.
            let lone_colon = key.len() >= 3
                && punct(colon) == Some(':')
                && punct(capture) != Some(':')
                && !is_punct(&key[key.len() - 3], ':', Spacing::Joint);
            if lone_colon {
                // safe_log has no captures: `key:? = value` is `key = value`.
                self.edit(colon.span().start(), capture.span().end(), "");
                let name = self.text(&key[..key.len() - 2]);
                let value_text = value.map_or_else(|| name.clone(), |value| self.text(value));
                let capture_text = capture.to_string();
                let rule = match capture_text.as_str() {
                    "?" => Some(Rule::DebugField),
                    "%" | "err" => Some(Rule::DisplayField),
                    "serde" | "sval" => Some(Rule::SerdeField),
                    _ => None,
                };
                if let Some(rule) = rule.filter(|_| !value.is_some_and(is_constant)) {
                    let end = value
                        .and_then(span_of)
                        .map_or(capture.span().end(), |(_, end)| end);
                    let how = match rule {
                        Rule::DebugField => "with Debug",
                        Rule::SerdeField => "through its serializer",
                        _ => "with Display",
                    };
                    let shown = self.text(tokens);
                    self.push(
                        rule,
                        (colon.span().start(), end),
                        call.start,
                        format!(
                            "`{shown}` captures `{value_text}` {how} when the event is emitted"
                        ),
                        format!(
                            "write `{name} = {value_text}` in a safe_log macro, with a type that \
                             implements SafeLog"
                        ),
                        Some(format!("{name} = {value_text}")),
                    );
                }
                return true;
            }
        }
        false
    }

    /// `key = tracing::field::debug(value)` and `field::display`.
    fn field_function(&mut self, call: &Call<'_>, key: &str, value: &[TokenTree]) {
        if let [path @ .., TokenTree::Group(args)] = value {
            if args.delimiter() == Delimiter::Parenthesis {
                if let Some((leading_colon, segments)) = path_of(path) {
                    let known = |krate, path: &[String]| {
                        krate == Crate::Tracing
                            && (path == ["field", "debug"] || path == ["field", "display"])
                    };
                    if let Some((_, resolved)) = self
                        .imports
                        .resolve(leading_colon, &segments, known)
                        .filter(|(krate, path)| known(*krate, path))
                    {
                        let sigil = if resolved[1] == "debug" { '?' } else { '%' };
                        let inner: Vec<TokenTree> = args.stream().into_iter().collect();
                        if let (Some((start, _)), Some((from, to))) =
                            (span_of(value), span_of(&inner))
                        {
                            // `field::debug(x)` is `x`, as written.
                            let written = self.source.slice(Position::of(from), Position::of(to));
                            self.edit(start, args.span_close().end(), written);
                        }
                        let value_text = self.text(&inner);
                        let value_text = value_text
                            .strip_prefix('&')
                            .unwrap_or(&value_text)
                            .to_owned();
                        let shown = format!("{key} = {}", self.text(value));
                        let replacement = format!("{key} = {value_text}");
                        self.sigil(call, value, sigil, &shown, &value_text, replacement);
                    }
                }
            }
        }
    }

    pub(super) fn sigil(
        &mut self,
        call: &Call<'_>,
        tokens: &[TokenTree],
        sigil: char,
        shown: &str,
        value: &str,
        replacement: String,
    ) {
        let Some(span) = span_of(tokens) else { return };
        let (rule, how) = if sigil == '?' {
            (Rule::DebugField, "Debug")
        } else {
            (Rule::DisplayField, "Display")
        };
        let help = if sigil == '?' {
            format!(
                "derive `SafeLog` for its type (or log a primitive taken from it), then write \
                 `{replacement}` in a safe_log macro"
            )
        } else {
            format!(
                "write `{replacement}` in a safe_log macro with a log-safe value: a primitive, or a \
                 type that implements SafeLog (`#[safe_log(display)]` keeps Display for a field you \
                 know is safe)"
            )
        };
        self.push(
            rule,
            span,
            call.start,
            format!("`{shown}` formats `{value}` with {how} when the event is emitted"),
            help,
            Some(replacement),
        );
    }
}

/// What a migration says of a `tracing::field::Empty`, on every run until
/// it is gone.
pub(super) const EMPTY_LEFT: &str = "`tracing::field::Empty` declares a field recorded later: write \
     `safe_log::empty::<T>()` with the type it will hold, and `safe_log::record!` to fill it";
