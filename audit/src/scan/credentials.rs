//! Credential-like names: a logged key, a field of a `derive(SafeLog)`
//! record or an argument of `#[instrument]` whose name says it holds a secret
//! (`password`, `api_key`, `authToken`, `x-session-id`), written as it is.
//!
//! Types cannot tell a token from a user name; names can. What is not
//! reported: a field with `redact`, `skip` or `with`, a skipped argument, a
//! value that is a number or a bool by its declared type (`token_count:
//! u32`), a literal, a length or a test (`token.len()`, `token.is_some()`),
//! and names that say they hold a count or a flag (`has_token`,
//! `token_count`: the secret word is not the last one).

use proc_macro2::{LineColumn, TokenTree};

use crate::imports::Crate;
use crate::rules::Rule;

use super::tokens::{
    assignment, is_constant, is_prefix, is_punct, is_str, punct, span_of, split_top_level,
};
use super::{Call, Scanner};

/// Words (lowercase, separators removed) that name a secret when a name
/// ends with them.
const SECRET_WORDS: [&str; 14] = [
    "password",
    "secretkey",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "authorization",
    "authheader",
    "cookie",
    "sessionid",
    "privatekey",
    "credential",
    "bearer",
];

/// How a report names the secret a word of [`SECRET_WORDS`] stands for.
fn described(word: &str) -> &'static str {
    match word {
        "password" | "passwd" => "a password",
        "passphrase" => "a passphrase",
        "secret" => "a secret",
        "token" => "a token",
        "apikey" => "an API key",
        "authorization" | "authheader" => "an authorization header",
        "cookie" => "a cookie",
        "sessionid" => "a session id",
        "privatekey" => "a private key",
        "secretkey" => "a secret key",
        "credential" => "a credential",
        "bearer" => "a bearer token",
        _ => "a JWT",
    }
}

/// Last words that describe the form of the value before them
/// (`password_hash`, `auth_header_value`): the word before decides.
const FORM_WORDS: [&str; 18] = [
    "header",
    "hdr",
    "value",
    "val",
    "string",
    "str",
    "raw",
    "text",
    "bytes",
    "hash",
    "hashed",
    "b64",
    "base64",
    "hex",
    "encoded",
    "plain",
    "plaintext",
    "input",
];

/// First words that make a name a flag or a count (`has_token`,
/// `num_cookies`).
const FLAG_WORDS: [&str; 6] = ["has", "is", "num", "n", "no", "count"];

/// The words of a name: split at `_`, `-`, `.`, spaces and lower-to-upper
/// case changes, lowercased.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The secret a name says it holds (`"a token"` for `refresh_token`), if it
/// does: its last word (after words that only describe the form, such as
/// `hash` or `header`), or its last two written together (`api_key`,
/// `session_id`), ends with a word of [`SECRET_WORDS`] or is `jwt`, in the
/// singular or the plural.
pub(crate) fn secret_in(name: &str) -> Option<&'static str> {
    let mut words = words(name);
    if words
        .first()
        .is_some_and(|w| FLAG_WORDS.contains(&w.as_str()))
    {
        return None;
    }
    // A key named secret or private anywhere before it
    // (`aws_secret_access_key`).
    if words.last().is_some_and(|w| w == "key")
        && words.iter().any(|w| w == "secret" || w == "private")
    {
        return Some(described("secretkey"));
    }
    loop {
        if let Some(secret) = secret_at_end(&words) {
            return Some(secret);
        }
        if words.len() > 1
            && words
                .last()
                .is_some_and(|w| FORM_WORDS.contains(&w.as_str()))
        {
            words.pop();
        } else {
            return None;
        }
    }
}

/// The secret the last word, or the last two written together, name.
fn secret_at_end(words: &[String]) -> Option<&'static str> {
    let last = words.last()?;
    let two = match words.len() {
        0 | 1 => last.clone(),
        n => format!("{}{}", words[n - 2], last),
    };
    [last.as_str(), two.as_str()].into_iter().find_map(|word| {
        let singular = word.strip_suffix('s').unwrap_or(word);
        if singular == "jwt" {
            return Some(described("jwt"));
        }
        SECRET_WORDS
            .iter()
            .copied()
            .find(|secret| singular.ends_with(secret) || word.ends_with(secret))
            .map(described)
    })
}

/// Whether a declared type is a number or a bool, through references,
/// `Option` and `NonZero`: it cannot hold a credential's text.
pub(crate) fn is_number_or_bool(ty: &syn::Type) -> bool {
    const NAMES: [&str; 15] = [
        "bool", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "f32", "f64",
    ];
    match ty {
        syn::Type::Reference(reference) => is_number_or_bool(&reference.elem),
        syn::Type::Paren(paren) => is_number_or_bool(&paren.elem),
        syn::Type::Group(group) => is_number_or_bool(&group.elem),
        syn::Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            if NAMES.contains(&name.as_str()) || name.starts_with("NonZero") {
                return true;
            }
            if name == "Option" {
                if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                    if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                        return is_number_or_bool(inner);
                    }
                }
            }
            false
        }
        _ => false,
    }
}

/// Whether a logged value's tokens say it is a number or a flag derived
/// from the secret, not the secret: a literal, `x.len()`, `x.is_some()`.
fn is_derived_number(value: &[TokenTree]) -> bool {
    const METHODS: [&str; 7] = [
        "len", "is_some", "is_none", "is_empty", "is_ok", "is_err", "count",
    ];
    if is_constant(value) {
        return true;
    }
    match value {
        [.., dot, TokenTree::Ident(method), TokenTree::Group(args)] => {
            punct(dot) == Some('.')
                && METHODS.iter().any(|m| method == m)
                && args.stream().is_empty()
        }
        _ => false,
    }
}

/// The text of a key as written: an identifier path (`user.password`) or a
/// string literal (`"x-api-key"`), without quotes.
fn key_text(key: &[TokenTree]) -> String {
    let text: String = key.iter().map(ToString::to_string).collect();
    text.trim_matches('"').to_owned()
}

/// safe-log's macros whose fields are logged: events, spans, `record!`.
/// Returns how many leading arguments are not fields (a level, a span).
fn safe_log_macro(path: &[String]) -> Option<usize> {
    let [name] = path else { return None };
    match name.as_str() {
        "error" | "warn" | "info" | "debug" | "trace" | "error_span" | "warn_span"
        | "info_span" | "debug_span" | "trace_span" => Some(0),
        "safe_log" | "event" | "span" | "record" => Some(1),
        _ => None,
    }
}

impl Scanner<'_> {
    fn credential(
        &mut self,
        span: (LineColumn, LineColumn),
        anchor: LineColumn,
        message: String,
        help: String,
        replacement: Option<String>,
    ) {
        self.push(
            Rule::CredentialName,
            span,
            anchor,
            message,
            help,
            replacement,
        );
    }

    /// One field of a logging macro (tracing's, log's or safe-log's):
    /// `key = value`, `key:? = value`, `?key`, `key`.
    pub(super) fn credential_key(&mut self, call: &Call<'_>, tokens: &[TokenTree]) {
        let tokens = match tokens.first().and_then(punct) {
            Some('?' | '%') => &tokens[1..],
            _ => tokens,
        };
        let (mut key, value) = match assignment(tokens) {
            Some(i) => (&tokens[..i], &tokens[i + 1..]),
            None => (tokens, tokens),
        };
        // log's capture: `key:? = value`.
        if let [head @ .., colon, capture] = key {
            if !head.is_empty()
                && punct(colon) == Some(':')
                && punct(capture) != Some(':')
                && !is_punct(
                    head.last().unwrap_or(colon),
                    ':',
                    proc_macro2::Spacing::Joint,
                )
            {
                key = head;
            }
        }
        let value = match value.first().and_then(punct) {
            Some('?' | '%') => &value[1..],
            _ => value,
        };
        let is_key = key.iter().all(|token| match token {
            TokenTree::Ident(_) => true,
            TokenTree::Punct(p) => p.as_char() == '.',
            TokenTree::Literal(_) => key.len() == 1 && is_str(key),
            TokenTree::Group(_) => false,
        });
        if key.is_empty() || !is_key || is_derived_number(value) || self.is_empty_field(value) {
            return;
        }
        let name = key_text(key);
        let Some(secret) = secret_in(&name) else {
            return;
        };
        let Some(span) = span_of(key) else { return };
        self.credential(
            span,
            call.start,
            format!("`{name}` is logged as it is, and its name says it holds {secret}"),
            format!(
                "log what you need without the secret (whether it is set, its length: \
                 `{key}_len = {value}.len()`, a key id), or, if `{name}` holds no secret, \
                 rename it or allow it with `// safe-log: allow(credential-name) <why>`",
                key = name.replace(['.', '-', '"'], "_"),
                value = self.text(value),
            ),
            None,
        );
    }

    /// A call of safe-log's event, span or `record!` macros: its keys.
    pub(super) fn safe_log_call(&mut self, call: &Call<'_>) -> bool {
        let known =
            |krate, path: &[String]| krate == Crate::SafeLog && safe_log_macro(path).is_some();
        let Some((_, path)) = self
            .imports
            .resolve(call.leading_colon, &call.path, known)
            .filter(|(krate, path)| known(*krate, path))
        else {
            return false;
        };
        let lead = safe_log_macro(&path).unwrap_or(0);
        let span = path[0].ends_with("span") || path[0] == "span";
        let mut segments = split_top_level(call.args, ',')
            .into_iter()
            .skip(lead)
            .peekable();
        while segments.peek().is_some_and(|segment| is_prefix(segment)) {
            segments.next();
        }
        if span && segments.peek().is_some_and(|segment| is_str(segment)) {
            segments.next();
        }
        for segment in segments {
            if is_str(segment) {
                // The message: fields end here.
                break;
            }
            self.credential_key(call, segment);
            self.empty_left(segment);
        }
        true
    }

    /// A `field::Empty` left in a safe-log call (by an earlier migration,
    /// or by hand): reported again by every migration until it is fixed.
    fn empty_left(&mut self, field: &[TokenTree]) {
        let Some(eq) = assignment(field) else { return };
        let value = &field[eq + 1..];
        if self.is_empty_field(value) {
            let key = key_text(&field[..eq]);
            if let (Some(empty), Some((start, end))) = (self.empty_for(&key), span_of(value)) {
                self.edit(start, end, empty);
            } else if let Some(span) = span_of(field) {
                self.leave(span, super::args::EMPTY_LEFT.to_owned());
            }
        }
    }

    /// The fields of a `#[derive(SafeLog)]` struct or enum.
    pub(super) fn credential_fields(&mut self, attrs: &[syn::Attribute], fields: &syn::Fields) {
        if !derives_safe_log(attrs) || has_safe_log_option(attrs, &["display"]) {
            return;
        }
        for field in fields {
            let Some(ident) = &field.ident else { continue };
            let name = ident.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name);
            let Some(secret) = secret_in(name) else {
                continue;
            };
            if is_number_or_bool(&field.ty)
                || has_safe_log_option(&field.attrs, &["redact", "skip", "with", "flatten"])
            {
                continue;
            }
            let at = (ident.span().start(), ident.span().end());
            self.credential(
                at,
                at.0,
                format!(
                    "the field `{name}` of a SafeLog record is logged as it is, and its name \
                     says it holds {secret}"
                ),
                "add `#[safe_log(redact)]` to the field (or `skip`), or, if it holds no secret, \
                 allow it with `// safe-log: allow(credential-name) <why>`"
                    .to_owned(),
                Some("#[safe_log(redact)]".to_owned()),
            );
        }
    }

    /// The arguments of an `#[instrument]` (tracing's or safe-log's) that
    /// are recorded: not skipped, not a number or a bool.
    pub(super) fn credential_args(
        &mut self,
        sig: &syn::Signature,
        span: (LineColumn, LineColumn),
        skips: &[String],
        skip_all: bool,
    ) {
        if skip_all {
            return;
        }
        for input in &sig.inputs {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            let syn::Pat::Ident(pat) = &*typed.pat else {
                continue;
            };
            let name = pat.ident.to_string();
            let Some(secret) = secret_in(&name) else {
                continue;
            };
            if skips.contains(&name) || is_number_or_bool(&typed.ty) {
                continue;
            }
            let at = (pat.ident.span().start(), pat.ident.span().end());
            self.credential(
                at,
                span.0,
                format!(
                    "the argument `{name}` of `{}` is recorded by `#[instrument]`, and its name \
                     says it holds {secret}",
                    sig.ident
                ),
                format!(
                    "add `skip({name})` to the `#[instrument]` attribute, or, if it holds no \
                     secret, allow it with `// safe-log: allow(credential-name) <why>`"
                ),
                Some(format!("skip({name})")),
            );
        }
    }
}

/// Whether the attributes derive `SafeLog` (`#[derive(SafeLog)]`,
/// `#[derive(safe_log::SafeLog)]`).
fn derives_safe_log(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("derive")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.clone().into_iter().any(
                |token| matches!(&token, TokenTree::Ident(ident) if ident == "SafeLog")
            ))
    })
}

/// Whether a `#[safe_log(...)]` attribute names one of `options`.
fn has_safe_log_option(attrs: &[syn::Attribute], options: &[&str]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("safe_log")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.clone().into_iter().any(
                |token| matches!(&token, TokenTree::Ident(ident) if options.iter().any(|o| ident == o))
            ))
    })
}

#[cfg(test)]
mod tests {
    use super::secret_in;

    #[test]
    fn names_that_say_they_hold_a_secret() {
        for name in [
            "password",
            "user_password",
            "PASSWORD",
            "passwd",
            "client_secret",
            "secrets",
            "token",
            "auth_token",
            "accessToken",
            "refresh-token",
            "csrftoken",
            "api_key",
            "apiKey",
            "x-api-key",
            "API_KEY",
            "apikey",
            "authorization",
            "Authorization",
            "auth_header",
            "authorization_header",
            "cookie",
            "set_cookie",
            "cookies",
            "session_id",
            "sessionId",
            "x-session-id",
            "private_key",
            "privateKey",
            "credential",
            "credentials",
            "aws_credentials",
            "bearer",
            "bearer_token",
            "jwt",
            "id_jwt",
            "password_hash",
            "token_value",
            "user.password",
            "subscription_token",
            "secret_key",
            "aws_secret_access_key",
        ] {
            assert!(secret_in(name).is_some(), "{name}");
        }
    }

    #[test]
    fn names_that_do_not() {
        for name in [
            "user",
            "token_count",
            "token_kind",
            "token_type",
            "tokens_used",
            "has_token",
            "is_authorized",
            "num_cookies",
            "session",
            "key",
            "password_len",
            "secret_name_len",
            "cookie_domain",
            "api",
            "broken",
            "author",
            "session_id_len",
        ] {
            assert!(secret_in(name).is_none(), "{name}");
        }
    }
}
