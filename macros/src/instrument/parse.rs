//! The attribute's options and the function's signature, read from tokens.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitStr, ReturnType, Token, Visibility, WhereClause};

use crate::ctxt::Ctxt;

/// The attribute's options.
#[derive(Default)]
pub(super) struct Options {
    pub(super) level: Option<TokenStream>,
    pub(super) name: Option<LitStr>,
    pub(super) target: Option<TokenStream>,
    pub(super) parent: Option<TokenStream>,
    pub(super) follows_from: Option<TokenStream>,
    pub(super) skip: Vec<Ident>,
    pub(super) skip_all: bool,
    pub(super) fields: Option<TokenStream>,
    pub(super) err: Option<Outcome>,
    pub(super) ret: Option<Outcome>,
}

/// `err` or `ret`, with the level and form asked for.
pub(super) struct Outcome {
    pub(super) word: Ident,
    pub(super) level: Option<TokenStream>,
    pub(super) display: bool,
}

/// One parameter of the function.
pub(super) struct Param {
    /// The binding a simple pattern names (`x`, `mut x`, `self`), with its
    /// span; `None` for a pattern that destructures.
    pub(super) binding: Option<Ident>,
}

/// The function, its signature read from tokens.
pub(super) struct Function {
    pub(super) attrs: Vec<Attribute>,
    pub(super) vis: Visibility,
    /// `const`, `async`, `unsafe`, `extern "C"`, ... as written.
    pub(super) qualifiers: TokenStream,
    pub(super) is_async: bool,
    pub(super) ident: Ident,
    pub(super) generics: syn::Generics,
    pub(super) params_group: Group,
    pub(super) params: Vec<Param>,
    pub(super) output: ReturnType,
    pub(super) where_clause: Option<WhereClause>,
    pub(super) body: Group,
}

impl Parse for Function {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let mut qualifiers = TokenStream::new();
        let mut is_async = false;
        while !input.peek(Token![fn]) {
            let token: TokenTree = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "`#[safe_log::instrument]` applies to a function")
            })?;
            if let TokenTree::Ident(ident) = &token {
                if ident == "async" {
                    is_async = true;
                }
            }
            qualifiers.extend([token]);
        }
        input.parse::<Token![fn]>()?;
        let ident: Ident = input.parse()?;
        let mut generics: syn::Generics = input.parse()?;
        let params_group: Group = input.parse()?;
        if params_group.delimiter() != Delimiter::Parenthesis {
            return Err(syn::Error::new(
                params_group.span(),
                "expected the function's parameters",
            ));
        }
        let params = split_commas(params_group.stream())
            .into_iter()
            .map(|tokens| Param {
                binding: binding(&tokens),
            })
            .collect();
        let output: ReturnType = input.parse()?;
        let where_clause: Option<WhereClause> = input.parse()?;
        generics.where_clause.clone_from(&where_clause);
        let body: Group = input.parse()?;
        if body.delimiter() != Delimiter::Brace || !input.is_empty() {
            return Err(syn::Error::new(
                body.span(),
                "`#[safe_log::instrument]` applies to a function with a body",
            ));
        }
        Ok(Function {
            attrs,
            vis,
            qualifiers,
            is_async,
            ident,
            generics,
            params_group,
            params,
            output,
            where_clause,
            body,
        })
    }
}

/// Splits `tokens` at its top-level commas (a `,` inside `<...>` of a type
/// belongs to the type).
pub(super) fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    let mut angle = 0usize;
    for token in tokens {
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                '<' => angle += 1,
                '>' => angle = angle.saturating_sub(1),
                ',' if angle == 0 => {
                    parts.push(Vec::new());
                    continue;
                }
                _ => {}
            }
        }
        if let Some(part) = parts.last_mut() {
            part.push(token);
        }
    }
    parts.retain(|part| !part.is_empty());
    parts
}

/// The binding a parameter's pattern names, if it is a plain one: `x`,
/// `mut x`, `self`, `&self`, `&'a mut self`, `mut self`, `self: Box<Self>`.
pub(super) fn binding(tokens: &[TokenTree]) -> Option<Ident> {
    let pattern: Vec<&TokenTree> = tokens
        .iter()
        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
        .collect();
    let idents: Vec<&Ident> = pattern
        .iter()
        .filter_map(|t| match t {
            TokenTree::Ident(ident) if ident != "mut" && ident != "ref" => Some(ident),
            _ => None,
        })
        .collect();
    let simple = pattern.iter().all(|t| match t {
        TokenTree::Ident(_) => true,
        // `&self`, `&'a self`: the reference and its lifetime.
        TokenTree::Punct(p) => matches!(p.as_char(), '&' | '\''),
        _ => false,
    });
    match (simple, idents.as_slice()) {
        (true, [ident]) if *ident != "_" => Some((*ident).clone()),
        // `&'a self`: the lifetime's name comes first.
        (true, [_, ident]) if *ident == "self" => Some((*ident).clone()),
        _ => None,
    }
}

impl Options {
    pub(super) fn parse(cx: &Ctxt, args: TokenStream) -> Self {
        let mut options = Options::default();
        for part in split_commas(args) {
            options.one(cx, &part);
        }
        options
    }

    /// One option: `word`, `word = value` or `word(...)`.
    pub(super) fn one(&mut self, cx: &Ctxt, part: &[TokenTree]) {
        let Some(TokenTree::Ident(word)) = part.first() else {
            cx.error_spanned_by(
                part.iter().cloned().collect::<TokenStream>(),
                "expected an option of `#[safe_log::instrument]`: `level`, `name`, `target`, `skip(..)`, `skip_all`, `fields(..)`, `err`, `ret`, `parent`, `follows_from`",
            );
            return;
        };
        let rest = &part[1..];
        let value = || -> Option<TokenStream> {
            match rest.split_first() {
                Some((TokenTree::Punct(p), value)) if p.as_char() == '=' && !value.is_empty() => {
                    Some(value.iter().cloned().collect())
                }
                _ => None,
            }
        };
        let group = || -> Option<TokenStream> {
            match rest {
                [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                    Some(g.stream())
                }
                _ => None,
            }
        };
        match word.to_string().as_str() {
            "level" => match value() {
                Some(level) => self.level = Some(level_of(cx, &level)),
                None => cx.error_spanned_by(word, "write `level = \"info\"` or `level = Level::INFO`"),
            },
            "name" => match value().and_then(|v| syn::parse2::<LitStr>(v).ok()) {
                Some(name) => self.name = Some(name),
                None => cx.error_spanned_by(word, "write `name = \"span name\"`"),
            },
            "target" => match value() {
                Some(target) => self.target = Some(target),
                None => cx.error_spanned_by(word, "write `target = \"my_target\"`"),
            },
            "parent" => match value() {
                Some(parent) => self.parent = Some(parent),
                None => cx.error_spanned_by(word, "write `parent = &span` (or an `Id`, or `None`)"),
            },
            "follows_from" => match value() {
                Some(causes) => self.follows_from = Some(causes),
                None => cx.error_spanned_by(word, "write `follows_from = [id, ...]` (anything iterable of span ids)"),
            },
            "skip_all" if rest.is_empty() => self.skip_all = true,
            "skip" => match group() {
                Some(names) => self.skip.extend(names.into_iter().filter_map(|t| match t {
                    TokenTree::Ident(ident) => Some(ident),
                    _ => None,
                })),
                None => cx.error_spanned_by(word, "write `skip(name, ...)`"),
            },
            "fields" => match group() {
                Some(fields) => self.fields = Some(fields),
                None => cx.error_spanned_by(word, "write `fields(key = value, ...)`"),
            },
            "err" | "ret" => {
                let outcome = Outcome::parse(cx, word, group());
                if word == "err" {
                    self.err = outcome;
                } else {
                    self.ret = outcome;
                }
            }
            other => cx.error_spanned_by(
                word,
                format!("unknown option `{other}` of `#[safe_log::instrument]`; expected `level`, `name`, `target`, `skip(..)`, `skip_all`, `fields(..)`, `err`, `ret`, `parent` or `follows_from`"),
            ),
        }
    }
}

impl Outcome {
    /// `err`, `err(Display)`, `err(level = "warn")`; `Debug` is refused.
    pub(super) fn parse(cx: &Ctxt, word: &Ident, inner: Option<TokenStream>) -> Option<Self> {
        let mut outcome = Outcome {
            word: word.clone(),
            level: None,
            display: false,
        };
        for part in split_commas(inner.unwrap_or_default()) {
            match part.as_slice() {
                [TokenTree::Ident(mode)] if mode == "Display" => outcome.display = true,
                [TokenTree::Ident(mode)] if mode == "Debug" => {
                    let what = if word == "err" {
                        "the error, by its chain of messages"
                    } else {
                        "the value, by its log form"
                    };
                    cx.error_spanned_by(
                        mode,
                        format!("`{word}(Debug)` would format with `Debug`: `#[safe_log::instrument]` records {what}; write `{word}`"),
                    );
                    return None;
                }
                [TokenTree::Ident(key), TokenTree::Punct(eq), value @ ..]
                    if key == "level" && eq.as_char() == '=' =>
                {
                    let level: TokenStream = value.iter().cloned().collect();
                    outcome.level = Some(level_of(cx, &level));
                }
                other => {
                    cx.error_spanned_by(
                        other.iter().cloned().collect::<TokenStream>(),
                        format!(
                            "expected `{word}`, `{word}(Display)` or `{word}(level = \"...\")`"
                        ),
                    );
                    return None;
                }
            }
        }
        Some(outcome)
    }
}

/// `"info"` as `Level::INFO`; any other expression as it is.
pub(super) fn level_of(cx: &Ctxt, level: &TokenStream) -> TokenStream {
    let Ok(lit) = syn::parse2::<LitStr>(level.clone()) else {
        return level.clone();
    };
    let name = match lit.value().to_ascii_lowercase().as_str() {
        "error" => "ERROR",
        "warn" => "WARN",
        "info" => "INFO",
        "debug" => "DEBUG",
        "trace" => "TRACE",
        _ => {
            cx.error_spanned_by(
                &lit,
                "unknown level: write \"error\", \"warn\", \"info\", \"debug\" or \"trace\"",
            );
            "INFO"
        }
    };
    let ident = Ident::new(name, lit.span());
    quote!(::safe_log::Level::#ident)
}

/// The keys `fields(...)` names, to leave out the arguments they replace.
pub(super) fn field_keys(fields: &TokenStream) -> Vec<String> {
    split_commas(fields.clone())
        .into_iter()
        .filter_map(|part| {
            let key: Vec<&TokenTree> = part
                .iter()
                .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == '='))
                .collect();
            match key.as_slice() {
                [TokenTree::Ident(ident)] => Some(ident.unraw().to_string()),
                _ => None,
            }
        })
        .collect()
}
