//! Turns a checked input into the `SafeLog` impl. Cannot fail.
//!
//! Every use of a field's type is spanned on that type, and the uses are
//! token-for-token the same, so a type that is not log-safe is reported once,
//! on the field's type (rustc merges identical diagnostics).

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use crate::ast::{Data, Field, Input, Shape, Variant};
use crate::ctxt::Ctxt;
use crate::generics::{self, ParamSet};
use crate::{fallback, valid};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let ast = Input::from_syn(&cx, input);
    valid::check(&cx, &ast);
    match cx.check() {
        Ok(()) if !matches!(ast.data, Data::Invalid) => expand(&ast),
        Ok(()) => fallback::expand(input, &ast.krate),
        Err(errors) => {
            let errors = errors.into_compile_error();
            let fallback = fallback::expand(input, &ast.krate);
            quote!(#errors #fallback)
        }
    }
}

fn expand(input: &Input<'_>) -> TokenStream {
    if let Some(display) = &input.display {
        return expand_display(input, display);
    }
    let ident = input.ident;
    let params = ParamSet::new(input.generics);
    let all_fields: Vec<&Field<'_>> = match &input.data {
        Data::Record(fields) => fields.iter().collect(),
        Data::Newtype(field) => vec![field],
        Data::Enum(variants) => variants.iter().flat_map(Variant::fields).collect(),
        Data::Invalid => Vec::new(),
    };
    let where_clause = generics::where_clause(input.generics, &params, &all_fields);
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();

    let (schema, marker) = schema(input, &params, &all_fields);
    let (leaves, describe, visit) = match &input.data {
        Data::Record(fields) => record(fields),
        Data::Newtype(field) => newtype(field),
        Data::Enum(variants) => enumeration(variants),
        Data::Invalid => (quote!(0), TokenStream::new(), TokenStream::new()),
    };

    // A `static` in a generic function is shared by every instantiation, so
    // only a type without type parameters keeps its key table in one.
    let keys_fn = params.is_empty().then(|| {
        quote! {
            fn __keys() -> __sl::KeyTable {
                static __SAFE_LOG_KEYS: __sl::KeyCache = __sl::KeyCache::new();
                __SAFE_LOG_KEYS.get::<Self>()
            }
        }
    });

    let record_impl = matches!(input.data, Data::Record(_)).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics __Record for #ident #ty_generics #where_clause {}
        }
    });

    let mut imports = imports(&input.krate);
    if all_fields
        .iter()
        .any(|f| f.is_logged() && f.attrs.error.is_some())
    {
        imports.extend(quote!(
            use __sl::{ChosenError as _, ViaDynError as _, ViaErrorType as _};
        ));
    }
    quote! {
        #[doc(hidden)]
        const _: () = {
            #imports
            #marker

            #[automatically_derived]
            impl #impl_generics __SafeLog for #ident #ty_generics #where_clause {
                type Schema = #schema;
                const LEAVES: __sl::usize = #leaves;

                fn describe(__safe_log_keys: &mut __Keys) {
                    #describe
                }

                fn visit<'__safe_log_a, __SafeLogV: __Visitor<'__safe_log_a> + ?__sl::Sized>(
                    &'__safe_log_a self,
                    __safe_log_at: __sl::usize,
                    __safe_log_v: &mut __SafeLogV,
                ) {
                    #visit
                }

                #keys_fn
            }

            #record_impl
        };
    }
}

/// `#[safe_log(display)]` on the type: one leaf, its `Display` text. The
/// bound is spanned on the attribute, where a type without `Display` is
/// reported.
fn expand_display(input: &Input<'_>, display: &syn::Path) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut predicates: Vec<TokenStream> = where_clause
        .map(|w| w.predicates.iter().map(|p| quote!(#p)).collect())
        .unwrap_or_default();
    // A generic type is `Display` for some parameters only: the bound goes on
    // the impl. A type without parameters is checked where its text is
    // taken, since a bound that is false whatever the parameters is refused.
    let text = if input.generics.type_params().next().is_some() {
        predicates.push(quote_spanned!(display.span()=> Self: ::core::fmt::Display));
        quote!(self)
    } else {
        quote_spanned! {display.span()=> {
            let _ = <Self as ::core::fmt::Display>::fmt;
            (&&__sl::DisplayField(self)).__safe_log_display()
        }}
    };
    let imports = imports(&input.krate);
    quote! {
        #[doc(hidden)]
        const _: () = {
            #imports

            #[automatically_derived]
            impl #impl_generics __SafeLog for #ident #ty_generics where #(#predicates,)* {
                type Schema = ::core::primitive::str;
                const LEAVES: __sl::usize = 1;

                fn describe(__safe_log_keys: &mut __Keys) {
                    __safe_log_keys.leaf();
                }

                fn visit<'__safe_log_a, __SafeLogV: __Visitor<'__safe_log_a> + ?__sl::Sized>(
                    &'__safe_log_a self,
                    __safe_log_at: __sl::usize,
                    __safe_log_v: &mut __SafeLogV,
                ) {
                    __safe_log_v.display(__safe_log_at, #text);
                }

                fn __keys() -> __sl::KeyTable {
                    &[""]
                }
            }
        };
    }
}

/// The names the expansion uses, imported once in its `const _` block under
/// names no user code would pick: short paths make the expansion smaller,
/// and the compiler's time in it is time per token.
pub(crate) fn imports(krate: &syn::Path) -> TokenStream {
    // Two imports: a crate path that does not resolve is then one error, on
    // the first, and the second names a binding rustc already reported.
    quote! {
        use #krate::__private as __sl;
        use __sl::{
            Keys as __Keys, Layout as __Layout, Record as __Record, SafeLog as __SafeLog,
            Value as __Value, Visitor as __Visitor,
        };
        #[allow(unused_imports)]
        use __sl::{
            DescribeField as _, DescribeWith as _, ViaDisplay as _, VisitField as _, VisitWith as _,
        };
    }
}

/// The `Schema` of the derived type, and the marker type it names with its
/// `Layout` impl.
///
/// Without type parameters the marker stands for the type with its
/// lifetimes set to `'static`, and describes itself by its `describe`. With
/// type parameters the marker takes the schema of each field logged through
/// its own impl as a parameter, and describes the keys from them, so every
/// instantiation has its own schema and its keys without its values.
fn schema(
    input: &Input<'_>,
    params: &ParamSet,
    fields: &[&Field<'_>],
) -> (TokenStream, TokenStream) {
    let ident = input.ident;
    let marker = Ident::new("__SafeLogSchema", Span::call_site());
    let lifetimes: Vec<String> = input
        .generics
        .lifetimes()
        .map(|l| l.lifetime.ident.to_string())
        .collect();

    if params.is_empty() {
        // The type itself with its lifetimes set to `'static` (keys never
        // depend on lifetimes) is its schema, and the runtime's blanket
        // `Layout` impl describes it: no marker needed.
        let statics = (!lifetimes.is_empty()).then(|| {
            let statics = lifetimes.iter().map(|_| quote!('static));
            quote!(<#(#statics),*>)
        });
        return (quote!(#ident #statics), TokenStream::new());
    }

    // A field whose type names no parameter is described through the
    // dispatcher, so the schema names only the others (the type of a
    // concrete field is checked in `LEAVES` alone).
    let logged: Vec<&&Field<'_>> = fields
        .iter()
        .filter(|f| uses_safe_log(f) && params.mentioned_by(&f.ty_tokens))
        .collect();
    let layout = LayoutParams {
        params: logged
            .iter()
            .enumerate()
            .map(|(i, f)| (field_id(f), format_ident!("__SafeLogS{}", i)))
            .collect(),
        generics: params.clone(),
        lifetimes,
    };
    let sparams: Vec<&Ident> = layout.params.iter().map(|(_, p)| p).collect();
    let schema_args = logged.iter().map(|f| {
        let ty = &f.ty_tokens;
        quote_spanned!(f.span=> <#ty as __SafeLog>::Schema)
    });
    // A `with` function over a type parameter returns a type the marker
    // cannot name: such a layout is inexact, and sinks read the keys from
    // the value instead.
    let exact = !fields
        .iter()
        .any(|f| f.is_logged() && f.attrs.with.is_some() && params.mentioned_by(&f.ty_tokens));
    let mut body = match &input.data {
        Data::Record(fields) => record_describe(fields, Source::Schema(&layout)),
        Data::Newtype(field) => describe(field, false, Source::Schema(&layout)),
        Data::Enum(variants) => enum_describe(variants, Source::Schema(&layout)),
        Data::Invalid => TokenStream::new(),
    };
    if body.is_empty() {
        body = quote!(let _ = __safe_log_keys;);
    }
    let items = quote! {
        #[doc(hidden)]
        pub struct #marker<#(#sparams: ?::core::marker::Sized),*>(#(::core::marker::PhantomData<#sparams>),*);

        #[automatically_derived]
        impl<#(#sparams: ?::core::marker::Sized + __Layout),*> __Layout for #marker<#(#sparams),*> {
            const EXACT: ::core::primitive::bool = #exact #(&& <#sparams as __Layout>::EXACT)*;

            fn describe(__safe_log_keys: &mut __Keys) {
                #body
            }
        }
    };
    (quote!(#marker<#(#schema_args),*>), items)
}

/// Whether the field's type is logged through its own `SafeLog` impl.
fn uses_safe_log(field: &Field<'_>) -> bool {
    let a = &field.attrs;
    a.skip.is_none()
        && a.redact.is_none()
        && a.display.is_none()
        && a.error.is_none()
        && a.with.is_none()
        && a.max_len.is_none()
}

/// The number of keys a field adds, or `None` for a skipped field.
fn leaves(field: &Field<'_>) -> Option<TokenStream> {
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
        let peeled = crate::peel::peel(field.ty);
        let inner = peeled.inner;
        Some(match peeled.canonical {
            None => quote_spanned!(span=> <#ty as __Record>::__FLATTEN_LEAVES),
            Some(canonical) => quote_spanned!(peeled.span=>
                __sl::peeled::<#ty, #canonical>(<#inner as __Record>::__FLATTEN_LEAVES)
            ),
        })
    } else if uses_safe_log(field) {
        Some(checked_leaves(field.ty, ty, span))
    } else {
        Some(quote!(1))
    }
}

/// `LEAVES` of a field's type, where the type is checked: the type inside
/// its wrappers (`&`, `Option`, `Box`, `Rc`, `Arc`), so that an error names
/// it, once the wrappers are proved std's (they log what they hold).
fn checked_leaves(ty: &syn::Type, tokens: &TokenStream, span: Span) -> TokenStream {
    let peeled = crate::peel::peel(ty);
    let inner = peeled.inner;
    match peeled.canonical {
        None => quote_spanned!(span=> <#tokens as __SafeLog>::LEAVES),
        Some(canonical) => quote_spanned!(peeled.span=>
            __sl::peeled::<#tokens, #canonical>(<#inner as __SafeLog>::LEAVES)
        ),
    }
}

/// The number of keys a field adds, for the layout inside `visit`, or
/// `None` for a skipped field: the field's type is checked in `LEAVES` only
/// (see `__private`'s dispatchers), so here it goes through a dispatcher.
fn leaves_in_visit(field: &Field<'_>) -> Option<TokenStream> {
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
fn always_log_safe(ty: &syn::Type) -> bool {
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
fn dispatch_leaves(ty: &syn::Type, tokens: &TokenStream, span: Span) -> TokenStream {
    if always_log_safe(ty) {
        quote_spanned!(span=> <#tokens as __SafeLog>::LEAVES)
    } else {
        quote_spanned!(span=> (&&__sl::FieldType::<#tokens>::NEW).__safe_log_leaves())
    }
}

/// Describes a field's keys; see [`dispatch_leaves`].
fn dispatch_describe(
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
fn dispatch_visit(
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

/// Where the keys of a field's own type come from.
#[derive(Clone, Copy)]
enum Source<'s> {
    /// The field's type: the derived type's `describe`.
    Type,
    /// The schema marker's type parameters: the marker's `Layout`, which must
    /// describe the keys without the field types of a generic record.
    Schema(&'s LayoutParams),
}

/// The schema parameters of a generic record's marker: one per field logged
/// through its own `SafeLog` impl, in field order.
struct LayoutParams {
    params: Vec<(usize, Ident)>,
    generics: ParamSet,
    lifetimes: Vec<String>,
}

impl LayoutParams {
    fn of(&self, field: &Field<'_>) -> Option<&Ident> {
        let id = field_id(field);
        self.params.iter().find(|(f, _)| *f == id).map(|(_, p)| p)
    }
}

/// Identifies a field of the input for the length of one expansion.
fn field_id(field: &Field<'_>) -> usize {
    std::ptr::from_ref(field.original) as usize
}

/// Pushes the field's keys; under its own key unless `keyed` is false (a
/// newtype) or the field is flattened.
fn describe(field: &Field<'_>, keyed: bool, source: Source<'_>) -> TokenStream {
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
    } else {
        quote!(__Keys::leaf(#keys);)
    }
}

impl Source<'_> {
    fn schema_param(&self, field: &Field<'_>) -> Option<&Ident> {
        match self {
            Source::Type => None,
            Source::Schema(layout) => layout.of(field),
        }
    }
}

/// `ty` with the record's lifetime parameters replaced by `'static`, for use
/// in the marker's impl, where they are not in scope. Keys never depend on
/// lifetimes.
fn static_lifetimes(ty: &TokenStream, lifetimes: &[String]) -> TokenStream {
    fn walk(tokens: TokenStream, lifetimes: &[String]) -> TokenStream {
        let mut out = Vec::new();
        let mut after_quote = false;
        for tt in tokens {
            let tt = match tt {
                proc_macro2::TokenTree::Group(g) => {
                    let mut group =
                        proc_macro2::Group::new(g.delimiter(), walk(g.stream(), lifetimes));
                    group.set_span(g.span());
                    proc_macro2::TokenTree::Group(group)
                }
                proc_macro2::TokenTree::Ident(i)
                    if after_quote && lifetimes.contains(&i.to_string()) =>
                {
                    proc_macro2::TokenTree::Ident(Ident::new("static", i.span()))
                }
                other => other,
            };
            after_quote = matches!(&tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == '\'');
            out.push(tt);
        }
        out.into_iter().collect()
    }
    walk(ty.clone(), lifetimes)
}

/// Visits the field, given an expression of type `&FieldType`.
fn visit(field: &Field<'_>, access: &TokenStream, at: &Ident) -> TokenStream {
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
            __sl::visit_truncated(<#ty as __sl::MaxLen>::text(#access), #max, #at, __safe_log_v);
        }
    } else {
        // Checked in `LEAVES` only.
        dispatch_visit(field.ty, ty, access, at, span)
    }
}

/// A `display` or `error` field's text, given an expression of type `&ty`.
fn text_form(field: &Field<'_>, ty: &TokenStream, access: &TokenStream, at: &Ident) -> TokenStream {
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
fn visit_fields<'f>(
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

/// The parameters of `describe` and `visit`, marked used when the body does
/// not use them.
fn mark_used(describe: &mut TokenStream, visit: &mut TokenStream) {
    if describe.is_empty() {
        *describe = quote!(let _ = __safe_log_keys;);
    }
    if visit.is_empty() {
        *visit = quote!(let _ = (__safe_log_at, __safe_log_v););
    }
}

fn sum(terms: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let terms = terms.into_iter();
    quote!(0 #(+ #terms)*)
}

fn record_describe(fields: &[Field<'_>], source: Source<'_>) -> TokenStream {
    fields.iter().map(|f| describe(f, true, source)).collect()
}

/// Whether a field has no attribute: logged through its own impl, under its
/// own name.
fn is_plain(field: &Field<'_>) -> bool {
    let a = &field.attrs;
    uses_safe_log(field) && a.flatten.is_none() && a.rename.is_none()
}

/// A record of plain fields, the common case, in one piece: the compiler's
/// time in a derive is time per token, and a proc macro's time per token it
/// builds (before it is optimized: proc macros build without optimization by
/// default).
fn plain_record(fields: &[Field<'_>]) -> (TokenStream, TokenStream, TokenStream) {
    let tys: Vec<&syn::Type> = fields.iter().map(|f| f.ty).collect();
    let keys = fields.iter().map(|f| &f.key);
    let members = fields.iter().map(|f| &f.member);
    let ats: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__safe_log_at{}", i))
        .collect();
    let span = Span::call_site();
    let tokens: Vec<TokenStream> = tys.iter().map(|ty| quote!(#ty)).collect();
    let starts =
        std::iter::once(quote!(__safe_log_at)).chain(ats.iter().zip(tys.iter().zip(&tokens)).map(
            |(at, (ty, tokens))| {
                let leaves = dispatch_leaves(ty, tokens, span);
                quote!(#at + #leaves)
            },
        ));
    let checked = tys
        .iter()
        .zip(&tokens)
        .map(|(ty, tokens)| checked_leaves(ty, tokens, span));
    let leaves = quote!(0 #(+ #checked)*);
    let describe: TokenStream = tys
        .iter()
        .zip(&tokens)
        .zip(keys)
        .map(|((ty, tokens), key)| {
            dispatch_describe(ty, tokens, &quote!(&mut __safe_log_keys.under(#key)), span)
        })
        .collect();
    let visit: TokenStream = tys
        .iter()
        .zip(&tokens)
        .zip(members.zip(ats.iter().zip(starts)))
        .map(|((ty, tokens), (member, (at, start)))| {
            let call = dispatch_visit(ty, tokens, &quote!(&self.#member), at, span);
            quote!(let #at = #start; #call)
        })
        .collect();
    (leaves, describe, visit)
}

fn record(fields: &[Field<'_>]) -> (TokenStream, TokenStream, TokenStream) {
    if !fields.is_empty() && fields.iter().all(is_plain) {
        return plain_record(fields);
    }
    let leaves = sum(fields.iter().filter_map(leaves));
    let mut describe = record_describe(fields, Source::Type);
    let mut visit = visit_fields(
        fields.iter().map(|f| {
            let member = &f.member;
            (f, quote!(&self.#member))
        }),
        &quote!(__safe_log_at),
    );
    mark_used(&mut describe, &mut visit);
    (leaves, describe, visit)
}

fn newtype(field: &Field<'_>) -> (TokenStream, TokenStream, TokenStream) {
    let leaves = sum(leaves(field));
    let mut describe = describe(field, false, Source::Type);
    let mut visit = visit_fields([(field, quote!(&self.0))], &quote!(__safe_log_at));
    mark_used(&mut describe, &mut visit);
    (leaves, describe, visit)
}

/// The variant's name, then every variant's fields below the key. A data
/// enum at the top level (no key of its own) names the variant `variant`.
fn enum_describe(variants: &[Variant<'_>], source: Source<'_>) -> TokenStream {
    let fields = variants
        .iter()
        .flat_map(|v| v.fields().iter().map(move |f| describe(f, true, source)));
    let name = if variants.iter().all(|v| matches!(v.shape, Shape::Unit)) {
        quote!(__safe_log_keys.leaf();)
    } else {
        quote!(__safe_log_keys.__variant_leaf();)
    };
    quote! {
        #name
        #(#fields)*
    }
}

fn enumeration(variants: &[Variant<'_>]) -> (TokenStream, TokenStream, TokenStream) {
    if variants.iter().all(|v| matches!(v.shape, Shape::Unit)) {
        let arms = variants.iter().map(|v| {
            let ident = v.ident;
            let name = &v.name;
            quote!(Self::#ident { .. } => &#name,)
        });
        // `&"name"` is promoted to a `'static` place, which tracing reads
        // in place.
        let visit = if variants.is_empty() {
            quote!(let _ = (__safe_log_at, __safe_log_v); match *self {})
        } else {
            quote! {
                let __safe_log_name: &'static &'static ::core::primitive::str = match self { #(#arms)* };
                __safe_log_v.__leaf(__safe_log_at, __safe_log_name, __Value::Str(__safe_log_name));
            }
        };
        return (quote!(1), enum_describe(variants, Source::Type), visit);
    }

    // The variant's name at `at`, then every variant's fields, one variant
    // after the other.
    let fields = variants.iter().flat_map(Variant::fields);
    let total = sum(std::iter::once(quote!(1)).chain(fields.filter_map(leaves)));
    let describe = enum_describe(variants, Source::Type);

    let mut before: Vec<TokenStream> = vec![quote!(1)];
    let arms = variants.iter().map(|v| {
        let ident = v.ident;
        let name = &v.name;
        let bindings: Vec<Ident> = (0..v.fields().len())
            .map(|i| format_ident!("__safe_log_{}", i))
            .collect();
        let pattern = match &v.shape {
            Shape::Unit => quote!(Self::#ident { .. }),
            Shape::Newtype(field) if !field.is_logged() => quote!(Self::#ident(..)),
            Shape::Newtype(_) => quote!(Self::#ident(__safe_log_0)),
            Shape::Named(fields) => {
                let parts = fields
                    .iter()
                    .zip(&bindings)
                    .filter(|(f, _)| f.is_logged())
                    .map(|(f, b)| {
                        let member = &f.member;
                        quote!(#member: #b)
                    });
                quote!(Self::#ident { #(#parts,)* .. })
            }
        };
        let base = quote!(__safe_log_at + #(#before)+*);
        let body = visit_fields(
            v.fields()
                .iter()
                .zip(&bindings)
                .map(|(f, b)| (f, quote!(#b))),
            &base,
        );
        before.extend(v.fields().iter().filter_map(leaves_in_visit));
        quote! {
            #pattern => {
                __safe_log_v.__leaf(__safe_log_at, &#name, __Value::Str(#name));
                #body
            }
        }
    });
    let arms: Vec<TokenStream> = arms.collect();
    let visit = quote!(match self { #(#arms)* });
    (total, describe, visit)
}
