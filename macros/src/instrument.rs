//! `#[safe_log::instrument]`: a span around a function, its arguments
//! recorded by their log form, never with `Debug`.
//!
//! The function is read without syn's `full` feature (which would double the
//! build of every user): its signature is parsed from tokens (attributes,
//! visibility, qualifiers, name, generics, parameters as `pattern: Type`,
//! return type, where clause) and its body is kept as a token group. The
//! span itself is made by the `span!` machinery, with the arguments as
//! pre-tagged fields and the `fields(...)` tokens parsed by its
//! `macro_rules!` front end.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitStr, ReturnType, Token, Type, Visibility, WhereClause};

use crate::ctxt::Ctxt;

/// The attribute's options.
#[derive(Default)]
struct Options {
    level: Option<TokenStream>,
    name: Option<LitStr>,
    target: Option<TokenStream>,
    parent: Option<TokenStream>,
    follows_from: Option<TokenStream>,
    skip: Vec<Ident>,
    skip_all: bool,
    fields: Option<TokenStream>,
    err: Option<Outcome>,
    ret: Option<Outcome>,
}

/// `err` or `ret`, with the level and form asked for.
struct Outcome {
    word: Ident,
    level: Option<TokenStream>,
    display: bool,
}

/// One parameter of the function.
struct Param {
    /// The binding a simple pattern names (`x`, `mut x`, `self`), with its
    /// span; `None` for a pattern that destructures.
    binding: Option<Ident>,
}

/// The function, its signature read from tokens.
struct Function {
    attrs: Vec<Attribute>,
    vis: Visibility,
    /// `const`, `async`, `unsafe`, `extern "C"`, ... as written.
    qualifiers: TokenStream,
    is_async: bool,
    ident: Ident,
    generics: syn::Generics,
    params_group: Group,
    params: Vec<Param>,
    output: ReturnType,
    where_clause: Option<WhereClause>,
    body: Group,
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
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
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
fn binding(tokens: &[TokenTree]) -> Option<Ident> {
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
    fn parse(cx: &Ctxt, args: TokenStream) -> Self {
        let mut options = Options::default();
        for part in split_commas(args) {
            options.one(cx, &part);
        }
        options
    }

    /// One option: `word`, `word = value` or `word(...)`.
    fn one(&mut self, cx: &Ctxt, part: &[TokenTree]) {
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
    fn parse(cx: &Ctxt, word: &Ident, inner: Option<TokenStream>) -> Option<Self> {
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
fn level_of(cx: &Ctxt, level: &TokenStream) -> TokenStream {
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
fn field_keys(fields: &TokenStream) -> Vec<String> {
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

pub(crate) fn expand(args: TokenStream, item: &TokenStream) -> TokenStream {
    let function: Function = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(error) => {
            let error = error.into_compile_error();
            return quote!(#error #item);
        }
    };
    let cx = Ctxt::default();
    let options = Options::parse(&cx, args);
    check_skips(&cx, &options, &function);
    let returns_future = !function.is_async && returns_impl_future(&function.output);
    if let (true, Some(outcome)) = (
        returns_future,
        options.err.as_ref().or(options.ret.as_ref()),
    ) {
        cx.error_spanned_by(
            &outcome.word,
            format!("`{}` needs the function's result: on a function returning `impl Future`, write it as an `async fn`", outcome.word),
        );
    }
    if let Err(errors) = cx.check() {
        let errors = errors.into_compile_error();
        // The function is kept, so its uses add no follow-on errors.
        return quote!(#errors #item);
    }
    generate(&options, &function, returns_future)
}

/// Every name in `skip(...)` is a parameter.
fn check_skips(cx: &Ctxt, options: &Options, function: &Function) {
    for skipped in &options.skip {
        let known = function
            .params
            .iter()
            .any(|p| p.binding.as_ref().is_some_and(|b| b == skipped));
        if !known {
            cx.error_spanned_by(
                skipped,
                format!(
                    "`{skipped}` is not a parameter of `{}`: remove it from `skip(...)`",
                    function.ident
                ),
            );
        }
    }
}

/// Whether the return type is `impl Future<...>` (or a path ending in
/// `Future`).
fn returns_impl_future(output: &ReturnType) -> bool {
    let ReturnType::Type(_, ty) = output else {
        return false;
    };
    let Type::ImplTrait(bounds) = &**ty else {
        return false;
    };
    bounds.bounds.iter().any(|bound| match bound {
        syn::TypeParamBound::Trait(t) => {
            t.path.segments.last().is_some_and(|s| s.ident == "Future")
        }
        _ => false,
    })
}

/// The function with its body wrapped.
fn generate(options: &Options, function: &Function, returns_future: bool) -> TokenStream {
    let krate = quote!(::safe_log);
    let level = options
        .level
        .clone()
        .unwrap_or_else(|| quote!(#krate::Level::INFO));
    let name = options
        .name
        .as_ref()
        .map_or_else(|| function.ident.unraw().to_string(), LitStr::value);
    let target = options
        .target
        .clone()
        .unwrap_or_else(|| quote!(::core::module_path!()));
    let span = make_span(options, function, &krate, &level, &name, &target);
    let follows = options.follows_from.as_ref().map(|causes| {
        quote! {
            for __safe_log_cause in #causes {
                __safe_log_span.follows_from(__safe_log_cause);
            }
        }
    });
    let err_event = options.err.as_ref().map(|outcome| {
        let level = outcome
            .level
            .clone()
            .unwrap_or_else(|| quote!(#krate::Level::ERROR));
        let value = value_of(
            outcome,
            &quote_spanned!(outcome.word.span()=> __safe_log_error),
        );
        quote!(#krate::safe_log!(target: #target, #level, error = #value);)
    });
    let ret_event = options.ret.as_ref().map(|outcome| {
        let level = outcome.level.clone().unwrap_or_else(|| level.clone());
        let value = value_of(
            outcome,
            &quote_spanned!(outcome.word.span()=> __safe_log_value),
        );
        quote!(#krate::safe_log!(target: #target, #level, "return" = #value);)
    });
    let new_body = wrap_body(
        function,
        returns_future,
        &span,
        follows.as_ref(),
        err_event.as_ref(),
        ret_event.as_ref(),
    );
    let Function {
        attrs,
        vis,
        qualifiers,
        ident,
        generics,
        params_group,
        output,
        where_clause,
        ..
    } = function;
    let params_tokens = params_group.stream();
    let generic_params = &generics.params;
    let generic_list = if generic_params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#generic_params>)
    };
    quote! {
        #(#attrs)*
        #vis #qualifiers fn #ident #generic_list (#params_tokens) #output #where_clause {
            #new_body
        }
    }
}

/// The new body: the span made and entered (or the future instrumented),
/// then the old body, its result logged by `err` and `ret`.
fn wrap_body(
    function: &Function,
    returns_future: bool,
    span: &TokenStream,
    follows: Option<&TokenStream>,
    err_event: Option<&TokenStream>,
    ret_event: Option<&TokenStream>,
) -> TokenStream {
    let krate = quote!(::safe_log);
    let body = &function.body;
    if function.is_async {
        let inner = outcome_handling(&quote!(async move #body .await), err_event, ret_event);
        quote! {
            let __safe_log_span = #span;
            #follows
            let __safe_log_future = async move { #inner };
            #krate::__private::Instrument::instrument(__safe_log_future, __safe_log_span).await
        }
    } else if returns_future {
        quote! {
            let __safe_log_span = #span;
            #follows
            let __safe_log_future = #body;
            #krate::__private::Instrument::instrument(__safe_log_future, __safe_log_span)
        }
    } else if err_event.is_some() || ret_event.is_some() {
        let output = match &function.output {
            ReturnType::Type(_, ty) if !contains_impl(&ty.to_token_stream()) => quote!(-> #ty),
            _ => TokenStream::new(),
        };
        let inner = outcome_handling(&quote!(__safe_log_result), err_event, ret_event);
        quote! {
            let __safe_log_span = #span;
            #follows
            let __safe_log_entered = __safe_log_span.enter();
            // The body in a closure, so that its `return` gives the result
            // to log rather than leaving the function.
            #[allow(clippy::redundant_closure_call)]
            let __safe_log_result = (move || #output #body)();
            #inner
        }
    } else {
        quote! {
            let __safe_log_span = #span;
            #follows
            let __safe_log_entered = __safe_log_span.enter();
            #body
        }
    }
}

/// The value an `err` or `ret` event logs: its log form, or its `Display`
/// text when written `(Display)`.
fn value_of(outcome: &Outcome, local: &TokenStream) -> TokenStream {
    if outcome.display {
        quote_spanned!(outcome.word.span()=> ::safe_log::display(&#local))
    } else {
        quote_spanned!(outcome.word.span()=> &#local)
    }
}

/// `result` evaluated, the `err` event logged for an `Err` and the `ret`
/// event for the value, then the value.
fn outcome_handling(
    result: &TokenStream,
    err_event: Option<&TokenStream>,
    ret_event: Option<&TokenStream>,
) -> TokenStream {
    match (err_event, ret_event) {
        (Some(err), ret) => {
            let ok = ret.map(|ret| {
                quote! {
                    let __safe_log_value = &__safe_log_ok;
                    #ret
                }
            });
            quote! {
                match #result {
                    ::core::result::Result::Ok(__safe_log_ok) => {
                        #ok
                        ::core::result::Result::Ok(__safe_log_ok)
                    }
                    ::core::result::Result::Err(__safe_log_error) => {
                        #err
                        ::core::result::Result::Err(__safe_log_error)
                    }
                }
            }
        }
        (None, Some(ret)) => quote! {
            let __safe_log_value = #result;
            #ret
            __safe_log_value
        },
        (None, None) => quote!(#result),
    }
}

/// Whether a type mentions `impl Trait`, which a closure's return type
/// cannot name.
fn contains_impl(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => contains_impl(&group.stream()),
        _ => false,
    })
}

/// `span!(...)` with the arguments as fields and `fields(...)` after them.
fn make_span(
    options: &Options,
    function: &Function,
    krate: &TokenStream,
    level: &TokenStream,
    name: &str,
    target: &TokenStream,
) -> TokenStream {
    let replaced = options.fields.as_ref().map(field_keys).unwrap_or_default();
    let arguments = function.params.iter().filter_map(|param| {
        let binding = param.binding.as_ref()?;
        let key = binding.unraw().to_string();
        if options.skip_all || options.skip.iter().any(|s| s == binding) || replaced.contains(&key)
        {
            return None;
        }
        // The key and the value are the parameter's own token, so that an
        // error lands on it.
        Some(quote!((argument [#binding] [#binding])))
    });
    let parent = options.parent.as_ref().map(|p| quote!((parent [#p])));
    let fields = options.fields.clone().unwrap_or_default();
    quote! {
        #krate::__safe_log_munch!(
            {
                krate [#krate] kind [span] level [#level] (name [#name]) (target [#target]) #parent
            }
            [ #(#arguments)* ]
            #fields
        )
    }
}
