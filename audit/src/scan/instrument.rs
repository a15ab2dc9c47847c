//! `#[instrument]`: which arguments tracing-attributes records with `Debug`,
//! and what its `ret` and `err` options format.

use proc_macro2::{LineColumn, TokenStream, TokenTree};

use crate::imports::Crate;
use crate::rules::Rule;

use super::classify::is_instrument;
use super::tokens::{assignment, span_of, split_top_level};
use super::{Call, Scanner};

impl Scanner<'_> {
    /// Checks the `#[instrument]` attributes of a function.
    pub(super) fn instrument(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature) {
        for attr in attrs {
            let start = attr.pound_token.spans[0].start();
            let end = attr.bracket_token.span.close().end();
            self.instrument_meta(&attr.meta, sig, (start, end));
        }
    }

    pub(super) fn instrument_meta(
        &mut self,
        meta: &syn::Meta,
        sig: &syn::Signature,
        span: (LineColumn, LineColumn),
    ) {
        let path = meta.path();
        if path.is_ident("cfg_attr") {
            if let syn::Meta::List(list) = meta {
                let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
                for attr in split_top_level(&tokens, ',').into_iter().skip(1) {
                    let stream: TokenStream = attr.iter().cloned().collect();
                    if let Ok(meta) = syn::parse2::<syn::Meta>(stream) {
                        self.instrument_meta(&meta, sig, span);
                    }
                }
            }
            return;
        }
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let known = |krate, path: &[String]| {
            is_instrument(krate, path) || (krate == Crate::SafeLog && path == ["instrument"])
        };
        let resolved = self
            .imports
            .resolve(path.leading_colon.is_some(), &segments, known)
            .filter(|(krate, path)| known(*krate, path));
        let Some((krate, _)) = resolved else {
            return;
        };
        if krate == Crate::SafeLog {
            self.safe_log_instrument(meta, sig, span, segments);
            return;
        }
        let args: Vec<TokenTree> = match meta {
            syn::Meta::Path(_) => Vec::new(),
            syn::Meta::List(list) => list.tokens.clone().into_iter().collect(),
            syn::Meta::NameValue(_) => return,
        };
        self.migrate_instrument(path, &split_top_level(&args, ','));
        let call = Call {
            leading_colon: false,
            path: segments,
            start: span.0,
            path_end: span.1,
            args: &args,
        };
        let mut field_names = Vec::new();
        let (skip_all, skips) = each_option(&args, |name, option, inner| match name {
            "fields" => {
                for field in split_top_level(inner, ',') {
                    self.field(&call, field);
                    let key_len = assignment(field).unwrap_or(field.len());
                    if let [TokenTree::Ident(key)] = &field[..key_len] {
                        field_names.push(key.to_string());
                    }
                }
            }
            "ret" | "err" => self.instrument_ret(option, name, inner, span),
            _ => {}
        });
        self.credential_args(sig, span, &skips, skip_all);
        if skip_all {
            return;
        }
        self.instrument_args(sig, span, &skips, &field_names);
    }

    /// `#[safe_log::instrument]`: its arguments and `fields(...)` keys, for
    /// credential-like names only (it records nothing with `Debug`).
    fn safe_log_instrument(
        &mut self,
        meta: &syn::Meta,
        sig: &syn::Signature,
        span: (LineColumn, LineColumn),
        segments: Vec<String>,
    ) {
        let args: Vec<TokenTree> = match meta {
            syn::Meta::List(list) => list.tokens.clone().into_iter().collect(),
            _ => Vec::new(),
        };
        let call = Call {
            leading_colon: false,
            path: segments,
            start: span.0,
            path_end: span.1,
            args: &args,
        };
        let (skip_all, skips) = each_option(&args, |name, _, inner| {
            if name == "fields" {
                for field in split_top_level(inner, ',') {
                    self.credential_key(&call, field);
                }
            }
        });
        self.credential_args(sig, span, &skips, skip_all);
    }

    /// `ret` and `err` record with Debug unless written `(Display)`; `err`
    /// records with Display unless written `(Debug)`.
    fn instrument_ret(
        &mut self,
        option: &[TokenTree],
        option_name: &str,
        inner: &[TokenTree],
        span: (LineColumn, LineColumn),
    ) {
        let mode = inner.iter().find_map(|token| match token {
            TokenTree::Ident(ident) if ident == "Debug" || ident == "Display" => {
                Some(ident.to_string())
            }
            _ => None,
        });
        let debug = match option_name {
            "ret" => mode.as_deref() != Some("Display"),
            _ => mode.as_deref() == Some("Debug"),
        };
        if debug {
            let what = if option_name == "ret" {
                "the return value"
            } else {
                "the error"
            };
            let shown = self.text(option);
            let fix = format!("{option_name}(Display)");
            self.push(
                Rule::InstrumentRet,
                span_of(option).unwrap_or(span),
                span.0,
                format!("`{shown}` in `#[instrument]` records {what} with Debug"),
                format!(
                    "write `#[safe_log::instrument({option_name})]`, which records {what} by its \
                     log form (an error by its chain of messages), or `{fix}` if its Display is \
                     log-safe"
                ),
                Some(fix),
            );
        }
    }

    /// The arguments recorded with Debug: not skipped, not overridden by a
    /// `fields(...)` entry, and not of a primitive type.
    fn instrument_args(
        &mut self,
        sig: &syn::Signature,
        span: (LineColumn, LineColumn),
        skips: &[String],
        field_names: &[String],
    ) {
        let debug: Vec<String> = params(sig)
            .into_iter()
            .filter(|(name, debug)| *debug && !skips.contains(name) && !field_names.contains(name))
            .map(|(name, _)| name)
            .collect();
        if debug.is_empty() {
            return;
        }
        let list = debug
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let skip = format!("skip({})", debug.join(", "));
        let plural = if debug.len() == 1 {
            "argument"
        } else {
            "arguments"
        };
        self.push(
            Rule::InstrumentArgs,
            span,
            span.0,
            format!(
                "`#[instrument]` records the {plural} {list} of `{}` with Debug",
                sig.ident
            ),
            format!(
                "write `#[safe_log::instrument]`, which records each argument by its log form \
                 and fails to compile on one that has none; or add `{skip}` (or `skip_all`) and \
                 record log-safe values with `fields(...)`"
            ),
            Some(skip),
        );
    }
}

/// The parameters `#[instrument]` records, and whether it records each with
/// Debug (what tracing-attributes does: a parameter whose type is a path
/// ending in a primitive's name, or a reference to one, is recorded as a
/// value; `self` and the bindings of destructuring patterns with Debug).
pub(super) fn params(sig: &syn::Signature) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => out.push(("self".to_owned(), true)),
            syn::FnArg::Typed(typed) => bindings(&typed.pat, !is_value_type(&typed.ty), &mut out),
        }
    }
    out
}

pub(super) fn bindings(pat: &syn::Pat, debug: bool, out: &mut Vec<(String, bool)>) {
    match pat {
        syn::Pat::Ident(ident) => out.push((ident.ident.to_string(), debug)),
        syn::Pat::Reference(reference) => bindings(&reference.pat, debug, out),
        syn::Pat::Struct(pat) => {
            for field in &pat.fields {
                bindings(&field.pat, true, out);
            }
        }
        syn::Pat::Tuple(pat) => {
            for elem in &pat.elems {
                bindings(elem, true, out);
            }
        }
        syn::Pat::TupleStruct(pat) => {
            for elem in &pat.elems {
                bindings(elem, true, out);
            }
        }
        _ => {}
    }
}

/// tracing-attributes' list of types recorded as values, not with Debug.
pub(super) const VALUE_TYPES: [&str; 30] = [
    "bool",
    "str",
    "u8",
    "i8",
    "u16",
    "i16",
    "u32",
    "i32",
    "u64",
    "i64",
    "u128",
    "i128",
    "f32",
    "f64",
    "usize",
    "isize",
    "String",
    "NonZeroU8",
    "NonZeroI8",
    "NonZeroU16",
    "NonZeroI16",
    "NonZeroU32",
    "NonZeroI32",
    "NonZeroU64",
    "NonZeroI64",
    "NonZeroU128",
    "NonZeroI128",
    "NonZeroUsize",
    "NonZeroIsize",
    "Wrapping",
];

pub(super) fn is_value_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| VALUE_TYPES.iter().any(|name| segment.ident == name)),
        syn::Type::Reference(reference) => is_value_type(&reference.elem),
        syn::Type::Paren(paren) => is_value_type(&paren.elem),
        _ => false,
    }
}

/// Goes through the options of an `#[instrument(...)]` attribute: returns
/// whether it has `skip_all` and the names in its `skip(...)`, and hands
/// every option to `each` with its name, its tokens and the tokens inside
/// its parentheses.
fn each_option(
    args: &[TokenTree],
    mut each: impl FnMut(&str, &[TokenTree], &[TokenTree]),
) -> (bool, Vec<String>) {
    let (mut skip_all, mut skips) = (false, Vec::new());
    for option in split_top_level(args, ',') {
        let Some(TokenTree::Ident(name)) = option.first() else {
            continue;
        };
        let inner: Vec<TokenTree> = match option.get(1) {
            Some(TokenTree::Group(group)) => group.stream().into_iter().collect(),
            _ => Vec::new(),
        };
        let name = name.to_string();
        match name.as_str() {
            "skip_all" => skip_all = true,
            "skip" => skips.extend(inner.iter().filter_map(|token| match token {
                TokenTree::Ident(ident) => Some(ident.to_string()),
                _ => None,
            })),
            _ => each(&name, option, &inner),
        }
    }
    (skip_all, skips)
}
