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
//!
//! - `parse.rs`: the options and the signature;
//! - this file: the checks and the expansion.

mod parse;

use self::parse::{Function, Options, Outcome, field_keys};

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::{LitStr, ReturnType, Type};

use crate::ctxt::Ctxt;

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
