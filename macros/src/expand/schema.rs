//! The `Schema` of a derived type and the keys a field describes: the
//! marker type of a generic record, and where each field's keys come from.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

use crate::ast::{Data, Field, Input};
use crate::generics::ParamSet;

use super::{describe, enum_describe, record_describe, uses_safe_log};

/// The `Schema` of the derived type, and the marker type it names with its
/// `Layout` impl.
///
/// Without type parameters the marker stands for the type with its
/// lifetimes set to `'static`, and describes itself by its `describe`. With
/// type parameters the marker takes the schema of each field logged through
/// its own impl as a parameter, and describes the keys from them, so every
/// instantiation has its own schema and its keys without its values.
pub(super) fn schema(
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

/// Where the keys of a field's own type come from.
#[derive(Clone, Copy)]
pub(super) enum Source<'s> {
    /// The field's type: the derived type's `describe`.
    Type,
    /// The schema marker's type parameters: the marker's `Layout`, which must
    /// describe the keys without the field types of a generic record.
    Schema(&'s LayoutParams),
}

/// The schema parameters of a generic record's marker: one per field logged
/// through its own `SafeLog` impl, in field order.
pub(super) struct LayoutParams {
    pub(super) params: Vec<(usize, Ident)>,
    pub(super) generics: ParamSet,
    pub(super) lifetimes: Vec<String>,
}

impl LayoutParams {
    pub(super) fn of(&self, field: &Field<'_>) -> Option<&Ident> {
        let id = field_id(field);
        self.params.iter().find(|(f, _)| *f == id).map(|(_, p)| p)
    }
}

/// Identifies a field of the input for the length of one expansion.
pub(super) fn field_id(field: &Field<'_>) -> usize {
    std::ptr::from_ref(field.original) as usize
}

impl Source<'_> {
    pub(super) fn schema_param(&self, field: &Field<'_>) -> Option<&Ident> {
        match self {
            Source::Type => None,
            Source::Schema(layout) => layout.of(field),
        }
    }
}

/// `ty` with the record's lifetime parameters replaced by `'static`, for use
/// in the marker's impl, where they are not in scope. Keys never depend on
/// lifetimes.
pub(super) fn static_lifetimes(ty: &TokenStream, lifetimes: &[String]) -> TokenStream {
    pub(super) fn walk(tokens: TokenStream, lifetimes: &[String]) -> TokenStream {
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
