//! One field's part of a derived impl: its number of keys (where its type
//! is checked), its keys, and its visit, by the form its attributes choose.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use crate::ast::Field;

use super::{Source, static_lifetimes};

/// Whether the field's type is logged through its own `SafeLog` impl.
pub(super) fn uses_safe_log(field: &Field<'_>) -> bool {
    let a = &field.attrs;
    a.skip.is_none()
        && a.redact.is_none()
        && a.display.is_none()
        && a.error.is_none()
        && a.with.is_none()
        && a.max_len.is_none()
}

/// The number of keys a field adds, or `None` for a skipped field.
pub(super) fn leaves(field: &Field<'_>) -> Option<TokenStream> {
    let a = &field.attrs;
    let ty = &field.ty_tokens;
    let span = field.span;
    if a.skip.is_some() {
        None
    } else if let Some(with) = &a.with {
        let path = &with.path;
        Some(quote_spanned!(path.span()=> __sl::with_fn::<#ty, _, _>(&#path).leaves()))
    } else if a.flatten.is_some() {
        // `Record` implies `SafeLog`: one check, with `flatten`'s message.
        Some(checked_leaves(
            field.ty,
            ty,
            span,
            &quote!(__Record),
            &quote!(__FLATTEN_LEAVES),
        ))
    } else if uses_safe_log(field) {
        Some(checked_leaves(
            field.ty,
            ty,
            span,
            &quote!(__SafeLog),
            &quote!(LEAVES),
        ))
    } else {
        Some(quote!(1))
    }
}

/// `LEAVES` of a field's type, where the type is checked: the type inside
/// its wrappers (`&`, `Option`, `Box`, `Rc`, `Arc`), so that an error names
/// it, once the wrappers are proved std's (they log what they hold).
/// `trait_path` and `leaves` name the trait checked and its constant.
pub(super) fn checked_leaves(
    ty: &syn::Type,
    tokens: &TokenStream,
    span: Span,
    trait_path: &TokenStream,
    leaves: &TokenStream,
) -> TokenStream {
    let peeled = crate::peel::peel(ty);
    let inner = peeled.inner;
    match peeled.canonical {
        None => quote_spanned!(span=> <#tokens as #trait_path>::#leaves),
        Some(canonical) => quote_spanned!(peeled.span=>
            __sl::peeled::<#tokens, #canonical>(<#inner as #trait_path>::#leaves)
        ),
    }
}

/// The number of keys a field adds, for the layout inside `visit`, or
/// `None` for a skipped field: the field's type is checked in `LEAVES` only
/// (see `__private`'s dispatchers), so here it goes through a dispatcher.
pub(super) fn leaves_in_visit(field: &Field<'_>) -> Option<TokenStream> {
    let a = &field.attrs;
    let ty = &field.ty_tokens;
    let span = field.span;
    if a.skip.is_some() {
        None
    } else if let Some(with) = &a.with {
        let path = &with.path;
        Some(quote_spanned! {path.span()=>
            (&&__sl::WithFunction::<#ty, _>::new(&#path)).__safe_log_leaves()
        })
    } else if uses_safe_log(field) {
        Some(dispatch_leaves(field.ty, ty, span))
    } else {
        Some(quote!(1))
    }
}

/// Whether a type is log-safe in every crate: a primitive, `String`, `str`,
/// or `Option`, `Box`, `Rc`, `Arc` or a reference of one. Such a field's
/// impl is called directly from `describe` and `visit`: the call cannot fail,
/// so it cannot be a second error, and it spares rustc the dispatcher's
/// method resolution (most of a derive's compile time on plain records).
pub(super) fn always_log_safe(ty: &syn::Type) -> bool {
    const PRIMITIVES: [&str; 18] = [
        "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
        "i128", "isize", "f32", "f64", "String", "str",
    ];
    const WRAPPERS: [&str; 4] = ["Option", "Box", "Rc", "Arc"];
    match ty {
        syn::Type::Reference(reference) => always_log_safe(&reference.elem),
        syn::Type::Paren(paren) => always_log_safe(&paren.elem),
        syn::Type::Group(group) => always_log_safe(&group.elem),
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let Some(last) = segments.last() else {
                return false;
            };
            // `u64`, `String`, `std::string::String`; not `my::String`.
            let std_path = segments.len() == 1
                || segments.first().is_some_and(|first| {
                    matches!(first.ident.to_string().as_str(), "std" | "core" | "alloc")
                });
            let name = last.ident.to_string();
            std_path
                && match &last.arguments {
                    syn::PathArguments::None => PRIMITIVES.contains(&name.as_str()),
                    syn::PathArguments::AngleBracketed(args)
                        if WRAPPERS.contains(&name.as_str()) =>
                    {
                        matches!(
                            args.args.iter().collect::<Vec<_>>().as_slice(),
                            [syn::GenericArgument::Type(inner)] if always_log_safe(inner)
                        )
                    }
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The number of keys of a field of type `ty` (tokens `tokens`), for
/// `visit`: checked in `LEAVES` only, so through a dispatcher unless the
/// type is [`always_log_safe`].
pub(super) fn dispatch_leaves(ty: &syn::Type, tokens: &TokenStream, span: Span) -> TokenStream {
    if always_log_safe(ty) {
        quote_spanned!(span=> <#tokens as __SafeLog>::LEAVES)
    } else {
        quote_spanned!(span=> (&&__sl::FieldType::<#tokens>::NEW).__safe_log_leaves())
    }
}

/// Describes a field's keys; see [`dispatch_leaves`].
pub(super) fn dispatch_describe(
    ty: &syn::Type,
    tokens: &TokenStream,
    keys: &TokenStream,
    span: Span,
) -> TokenStream {
    if always_log_safe(ty) {
        quote_spanned!(span=> <#tokens as __SafeLog>::describe(#keys);)
    } else {
        quote_spanned!(span=> (&&__sl::FieldType::<#tokens>::NEW).__safe_log_describe(#keys);)
    }
}

/// Visits a field's value; see [`dispatch_leaves`].
pub(super) fn dispatch_visit(
    ty: &syn::Type,
    tokens: &TokenStream,
    access: &TokenStream,
    at: &Ident,
    span: Span,
) -> TokenStream {
    if always_log_safe(ty) {
        quote_spanned!(span=> <#tokens as __SafeLog>::visit(#access, #at, __safe_log_v);)
    } else {
        quote_spanned! {span=>
            (&&__sl::FieldValue::<#tokens>(#access)).__safe_log_visit(#at, __safe_log_v);
        }
    }
}

/// Pushes the field's keys; under its own key unless `keyed` is false (a
/// newtype) or the field is flattened.
pub(super) fn describe(field: &Field<'_>, keyed: bool, source: Source<'_>) -> TokenStream {
    let a = &field.attrs;
    let ty = &field.ty_tokens;
    let span = field.span;
    // The collector the field's keys go to: below the field's key, unless
    // it is a newtype's value or flattened.
    let key = &field.key;
    let keys = if keyed && a.flatten.is_none() {
        quote!(&mut __safe_log_keys.under(#key))
    } else {
        quote!(__safe_log_keys)
    };
    if a.skip.is_some() {
        TokenStream::new()
    } else if let Some(with) = &a.with {
        let path = &with.path;
        // Checked in `LEAVES` only (see `__private`'s dispatchers).
        match source {
            Source::Type => quote_spanned! {path.span()=>
                (&&__sl::WithFunction::<#ty, _>::new(&#path)).__safe_log_describe(#keys);
            },
            // The result type of a function given a type parameter is not
            // known without the parameter: the layout is then inexact.
            Source::Schema(layout) if layout.generics.mentioned_by(ty) => TokenStream::new(),
            Source::Schema(layout) => {
                let ty = static_lifetimes(ty, &layout.lifetimes);
                quote_spanned! {path.span()=>
                    (&&__sl::WithFunction::<#ty, _>::new(&#path)).__safe_log_describe(#keys);
                }
            }
        }
    } else if uses_safe_log(field) {
        match (source.schema_param(field), source) {
            (Some(param), _) => quote!(<#param as __Layout>::describe(#keys);),
            // Checked in `LEAVES` only. In the marker's impl, the record's
            // lifetimes are not in scope (keys never depend on them).
            (None, Source::Schema(layout)) => {
                let tokens = static_lifetimes(ty, &layout.lifetimes);
                dispatch_describe(field.ty, &tokens, &keys, span)
            }
            (None, Source::Type) => dispatch_describe(field.ty, ty, &keys, span),
        }
    } else if a.max_len.is_some() && a.display.is_none() && a.error.is_none() {
        // A string's leaf, or a list's: the type says which (it is checked
        // by `MaxLen` in `visit`).
        match source {
            Source::Schema(layout) => {
                let tokens = static_lifetimes(ty, &layout.lifetimes);
                dispatch_describe(field.ty, &tokens, &keys, span)
            }
            Source::Type => dispatch_describe(field.ty, ty, &keys, span),
        }
    } else {
        quote!(__Keys::leaf(#keys);)
    }
}

/// Visits the field, given an expression of type `&FieldType`.
pub(super) fn visit(field: &Field<'_>, access: &TokenStream, at: &Ident) -> TokenStream {
    let a = &field.attrs;
    let ty = &field.ty_tokens;
    let span = field.span;
    if a.skip.is_some() {
        TokenStream::new()
    } else if a.redact.is_some() {
        // The value is touched, never read: a field that exists to be logged
        // as redacted is not dead code.
        quote! {
            let _ = #access;
            __safe_log_v.__leaf(
                #at,
                &__sl::REDACTED,
                __Value::Str(__sl::REDACTED),
            );
        }
    } else if let Some(with) = &a.with {
        let path = &with.path;
        // Checked in `LEAVES` only.
        quote_spanned! {path.span()=>
            (&&__sl::WithFunction::<#ty, _>::new(&#path)).__safe_log_visit(#access, #at, __safe_log_v);
        }
    } else if a.display.is_some() || a.error.is_some() {
        // `display` and `error` look through an `Option`: `None` is absent.
        match field.option_inner() {
            Some(inner) => {
                let inner = inner.to_token_stream();
                let some = quote_spanned!(span=> __safe_log_some);
                let body = text_form(field, &inner, &some, at);
                quote_spanned! {span=>
                    if let ::core::option::Option::Some(#some) = #access {
                        #body
                    }
                }
            }
            None => text_form(field, ty, access, at),
        }
    } else if let Some(max_len) = &a.max_len {
        let max = max_len.value;
        quote_spanned! {span=>
            <#ty as __sl::MaxLen>::__visit_cut(#access, #at, #max, __safe_log_v);
        }
    } else {
        // Checked in `LEAVES` only.
        dispatch_visit(field.ty, ty, access, at, span)
    }
}

/// A `display` or `error` field's text, given an expression of type `&ty`.
pub(super) fn text_form(
    field: &Field<'_>,
    ty: &TokenStream,
    access: &TokenStream,
    at: &Ident,
) -> TokenStream {
    let a = &field.attrs;
    let span = field.span;
    let max = a.max_len.as_ref().map(|m| m.value);
    if a.error.is_some() {
        // The chosen form, refused by `ErrorField` when it is no error.
        let chosen = quote_spanned!(span=> (&&__sl::ErrorField::<#ty>(#access)).__safe_log_error());
        let error = quote_spanned! {span=>
            match #chosen {
                __safe_log_e => {
                    __sl::ErrorFieldType::__check(__safe_log_e.__named());
                    __safe_log_e.__into_error()
                }
            }
        };
        match max {
            Some(max) => quote_spanned! {span=>
                __safe_log_v.display(#at, &__sl::error_truncated(#error, #max));
            },
            None => quote_spanned! {span=>
                __safe_log_v.error(#at, #error);
            },
        }
    } else {
        match max {
            Some(max) => quote_spanned! {span=>
                let _ = <#ty as ::core::fmt::Display>::fmt;
                __safe_log_v.display(
                    #at,
                    &__sl::display_truncated(
                        (&&__sl::DisplayField(#access)).__safe_log_display(),
                        #max,
                    ),
                );
            },
            None => quote_spanned! {span=>
                let _ = <#ty as ::core::fmt::Display>::fmt;
                __safe_log_v.display(#at, (&&__sl::DisplayField(#access)).__safe_log_display());
            },
        }
    }
}

/// Visits fields laid out one after the other from the index `base`.
pub(super) fn visit_fields<'f>(
    fields: impl IntoIterator<Item = (&'f Field<'f>, TokenStream)>,
    base: &TokenStream,
) -> TokenStream {
    let mut out = Vec::new();
    let mut prev: Option<(Ident, TokenStream)> = None;
    for (i, (field, access)) in fields.into_iter().enumerate() {
        let Some(n) = leaves_in_visit(field) else {
            continue;
        };
        let at = format_ident!("__safe_log_at{}", i);
        let start = match &prev {
            None => base.clone(),
            Some((prev_at, prev_n)) => quote!(#prev_at + #prev_n),
        };
        let body = visit(field, &access, &at);
        out.push(quote! {
            let #at = #start;
            #body
        });
        prev = Some((at, n));
    }
    quote!(#(#out)*)
}
