//! Turns a checked input into the `SafeLog` impl. Cannot fail.
//!
//! Every use of a field's type is spanned on that type, and the uses are
//! token-for-token the same, so a type that is not log-safe is reported once,
//! on the field's type (rustc merges identical diagnostics).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use crate::ast::{Data, Field, Input, Shape, Variant};
use crate::ctxt::Ctxt;
use crate::generics::{self, ParamSet};
use crate::{fallback, valid};

mod field;
mod schema;

use self::field::{
    always_log_safe, checked_leaves, describe, dispatch_describe, dispatch_leaves, dispatch_visit,
    leaves, leaves_in_visit, uses_safe_log, visit_fields,
};
use self::schema::{Source, schema, static_lifetimes};

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

    // A unit enum is one string, and a newtype its inner value: items of a
    // list. (The newtype's bound has a lifetime binder, so that rustc checks
    // it where the impl is used, not where it is written.)
    let list_item_impl = match &input.data {
        Data::Enum(variants) if variants.iter().all(|v| matches!(v.shape, Shape::Unit)) => {
            Some(quote! {
                #[automatically_derived]
                impl #impl_generics __sl::ListItem for #ident #ty_generics #where_clause {}
            })
        }
        Data::Newtype(field) if field.is_logged() && uses_safe_log(field) => {
            let inner = &field.ty_tokens;
            let mut predicates: Vec<TokenStream> = where_clause
                .as_ref()
                .map(|w| w.predicates.iter().map(|p| quote!(#p)).collect())
                .unwrap_or_default();
            predicates.push(quote!(for<'__safe_log_x> &'__safe_log_x #inner: __sl::ListItem));
            Some(quote! {
                #[automatically_derived]
                impl #impl_generics __sl::ListItem for #ident #ty_generics where #(#predicates,)* {}
            })
        }
        _ => None,
    };

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

                #[inline]
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

            #list_item_impl
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

            #[automatically_derived]
            impl #impl_generics __sl::ListItem for #ident #ty_generics where #(#predicates,)* {}
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
    let span = Span::call_site();
    let mut checked = Vec::with_capacity(fields.len());
    let mut describe = TokenStream::new();
    let mut visit = quote!(let mut __safe_log_at = __safe_log_at;);
    for field in fields {
        let (ty, key, member) = (field.ty, &field.key, &field.member);
        let tokens = quote!(#ty);
        if always_log_safe(ty) {
            // Nothing to check and no error to name: one call each, where
            // the compiler has least to do (a generic function checked
            // once, rather than operators, guards and their drops here).
            checked.push(quote!(<#tokens as __SafeLog>::LEAVES));
            describe.extend(quote!(__sl::describe_field::<#tokens>(__safe_log_keys, #key);));
            visit.extend(
                quote!(__sl::visit_field(&self.#member, &mut __safe_log_at, __safe_log_v);),
            );
        } else {
            checked.push(checked_leaves(
                ty,
                &tokens,
                span,
                &quote!(__SafeLog),
                &quote!(LEAVES),
            ));
            describe.extend(dispatch_describe(
                ty,
                &tokens,
                &quote!(&mut __safe_log_keys.under(#key)),
                span,
            ));
            let at = format_ident!("__safe_log_here");
            let call = dispatch_visit(ty, &tokens, &quote!(&self.#member), &at, span);
            let leaves = dispatch_leaves(ty, &tokens, span);
            visit.extend(quote! {
                let #at = __safe_log_at;
                #call
                __sl::advance(&mut __safe_log_at, #leaves);
            });
        }
    }
    let leaves = quote!(__sl::leaves([#(#checked),*]));
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
