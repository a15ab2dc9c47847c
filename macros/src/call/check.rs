//! The rules a logging call must follow that need a proc macro: one rule per
//! function, each error spanned on the token to fix.

use std::collections::HashSet;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::input::{CallInput, CallKind, FieldArg, Key, unwrap};
use crate::attr::key_problem;
use crate::ctxt::Ctxt;
use crate::reserved::is_reserved;

/// Every rule, in the order the errors are reported.
pub(crate) fn check(cx: &Ctxt, input: &CallInput) {
    prefixes_once(cx, input);
    keys_are_valid(cx, input);
    keys_once(cx, input);
    no_sigils(cx, input);
    no_tracing_field_values(cx, input);
    spreads_once(cx, input);
    message_once(cx, input);
    no_message_outside_events(cx, input);
}

/// A span has a name, not a message; `record!` records fields.
fn no_message_outside_events(cx: &Ctxt, input: &CallInput) {
    let what = match input.kind {
        CallKind::Event => return,
        CallKind::Span => {
            "a span has a name and fields, not a message: remove this literal, or make it a field (`text = \"...\"`)"
        }
        CallKind::Record => "`record!` records fields: write `key = value`",
    };
    // A field named `message` is a field of the span like any other.
    if let Some(message) = &input.message {
        cx.error_spanned_by(&message.lit, what);
    }
}

/// `name:`, `target:` and `parent:` are each given at most once.
fn prefixes_once(cx: &Ctxt, input: &CallInput) {
    let mut seen = HashSet::new();
    for prefix in &input.prefixes {
        if !seen.insert(prefix.word.to_string()) {
            // The keyword's token is the front end's; the value is the
            // user's.
            cx.error_spanned_by(
                unwrap(&prefix.value),
                format!("`{}:` is given twice: keep one", prefix.word),
            );
        }
    }
}

/// The keys of named fields (`message` aside, which is an event's
/// message): valid as keys, and, in an event, not one that sinks reserve (a
/// span's fields are written inside the span, where they collide with
/// nothing).
fn keys_are_valid(cx: &Ctxt, input: &CallInput) {
    let event = matches!(input.kind, CallKind::Event);
    for key in named_keys(input) {
        let name = key.name();
        if name == "message" && event {
            continue;
        }
        if let (Key::Quoted(lit), Some(problem)) = (key, key_problem(&name)) {
            cx.error_spanned_by(lit, format!("invalid key: {problem}"));
        } else if event && is_reserved(&name) {
            let first = name.split('.').next().unwrap_or(&name);
            cx.error_spanned_by(
                key.span_tokens(),
                format!(
                    "`{first}` is a reserved key: log sinks write their own `{first}` (Cloud Logging takes it out of the payload); rename this field"
                ),
            );
        }
    }
}

/// A key names one value: two fields with one key would write it twice.
fn keys_once(cx: &Ctxt, input: &CallInput) {
    let mut seen = HashSet::new();
    for key in named_keys(input) {
        let name = key.name();
        if !seen.insert(name.clone()) {
            let message = if name == "message" {
                "the message is given twice: keep one `message = ...`".to_owned()
            } else {
                format!("the key `{name}` appears twice in this event: rename one of them")
            };
            cx.error_spanned_by(key.span_tokens(), message);
        }
    }
}

/// `?value` and `%value` format at run time: the very thing safe-log
/// removes.
fn no_sigils(cx: &Ctxt, input: &CallInput) {
    for field in &input.fields {
        if let FieldArg::Sigil { sigil } = field {
            let message = if sigil.as_char() == '?' {
                "`?` formats a value with `Debug` at run time, which can fail, leak secrets and change shape silently: log a value that implements `SafeLog` instead (`name = value`), deriving `SafeLog` for your type"
            } else {
                "`%` formats a value with `Display` at run time: log a value that implements `SafeLog` instead (`name = value`); to log its `Display` text on purpose, write `name = safe_log::display(&value)`"
            };
            cx.error_spanned_by(sigil, message);
        }
    }
}

/// tracing's `field::Empty`, `field::debug(x)` and `field::display(x)`
/// left in a call (a migration's leftovers): each has a checked twin, named
/// in the error.
fn no_tracing_field_values(cx: &Ctxt, input: &CallInput) {
    for field in &input.fields {
        let FieldArg::Named { value, .. } = field else {
            continue;
        };
        let tokens: Vec<TokenTree> = unwrap(value).into_iter().collect();
        let Some(function) = field_function(&tokens) else {
            continue;
        };
        let message = match (function, input.kind) {
            ("Empty", CallKind::Span) => {
                "`tracing::field::Empty` declares a field recorded later, with no type to check: write `safe_log::empty::<T>()` with the type it will hold, and fill it with `safe_log::record!(span, key = value)`"
            }
            ("Empty", _) => {
                "`tracing::field::Empty` declares a span's field, and means nothing here: remove this field, or log the value itself"
            }
            ("debug", _) => {
                "`field::debug` formats a value with `Debug` at run time: write the value itself (`key = value`), whose type must be log-safe (derive `SafeLog` for your type)"
            }
            _ => {
                "`field::display` formats a value with `Display` at run time: write `safe_log::display(&value)`, the checked opt-in to a value's `Display` text"
            }
        };
        cx.error_spanned_by(value_tokens(&tokens), message);
    }
}

/// `field::Empty`, or a call of `field::debug` / `field::display`, with any
/// path before `field` (`tracing::`, `::tracing::`): which one.
fn field_function(tokens: &[TokenTree]) -> Option<&'static str> {
    let (path, call) = match tokens {
        [path @ .., TokenTree::Group(args)] if args.delimiter() == Delimiter::Parenthesis => {
            (path, true)
        }
        _ => (tokens, false),
    };
    let [
        ..,
        TokenTree::Ident(field),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(name),
    ] = path
    else {
        return None;
    };
    if field != "field" || c1.as_char() != ':' || c2.as_char() != ':' {
        return None;
    }
    let name = name.to_string();
    match (name.as_str(), call) {
        ("Empty", false) => Some("Empty"),
        ("debug", true) => Some("debug"),
        ("display", true) => Some("display"),
        _ => None,
    }
}

/// The tokens of a value, for an error spanned on all of them.
fn value_tokens(tokens: &[TokenTree]) -> TokenStream {
    tokens.iter().cloned().collect()
}

/// A record spread twice would write each of its keys twice.
fn spreads_once(cx: &Ctxt, input: &CallInput) {
    let mut seen = HashSet::new();
    for field in &input.fields {
        if let FieldArg::Spread { value } = field {
            let text = value.to_string();
            if !seen.insert(text) {
                cx.error_spanned_by(
                    unwrap(value),
                    "this record is spread twice: each of its keys would appear twice in the event; remove one `..`",
                );
            }
        }
    }
}

/// The message is a literal at the end, or `message = value`: not both.
fn message_once(cx: &Ctxt, input: &CallInput) {
    if let (Some(message), Some(_)) = (&input.message, message_field(input)) {
        cx.error_spanned_by(
            &message.lit,
            "the message is given twice, as `message = ...` and as this literal: keep one",
        );
    }
}

/// The keys of named and shorthand fields, in order.
fn named_keys(input: &CallInput) -> impl Iterator<Item = &Key> {
    input.fields.iter().filter_map(|field| match field {
        FieldArg::Named { key, .. } | FieldArg::Short { key } => Some(key),
        FieldArg::Spread { .. } | FieldArg::Sigil { .. } => None,
    })
}

/// The `message = value` field of an event, if any: tracing's explicit
/// message (a span's `message` is a field).
pub(crate) fn message_field(input: &CallInput) -> Option<&Key> {
    if !matches!(input.kind, CallKind::Event) {
        return None;
    }
    named_keys(input).find(|key| key.name() == "message")
}
