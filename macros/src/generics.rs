//! Bound inference: a field whose type mentions a type parameter gets the
//! bound its use needs (`SafeLog`, or `Error` for `error`, `Display` for
//! `display`, none for `skip`, `redact` and `with`), on the type inside the
//! field's log-transparent wrappers: `struct Wrap<T> { inner: Option<T> }`
//! requires `T: SafeLog`, and `Wrap<Vec<T>>` requires `Vec<T>: SafeLog`.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Generics, WhereClause};

use crate::ast::Field;

#[derive(Clone)]
pub(crate) struct ParamSet {
    names: BTreeSet<String>,
}

impl ParamSet {
    pub(crate) fn new(generics: &Generics) -> Self {
        ParamSet {
            names: generics
                .type_params()
                .map(|p| p.ident.to_string())
                .collect(),
        }
    }

    /// Whether the type has no type or const parameters.
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether `ty` names one of the type parameters. Scans the tokens, so a
    /// parameter inside a macro type or a qualified path counts too.
    pub(crate) fn mentioned_by(&self, ty: &TokenStream) -> bool {
        !self.names.is_empty() && self.scan(ty.clone())
    }

    fn scan(&self, tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tt| match tt {
            TokenTree::Ident(ident) => self.names.contains(&ident.to_string()),
            TokenTree::Group(group) => self.scan(group.stream()),
            _ => false,
        })
    }
}

/// The bound a logged field's type needs, if any.
pub(crate) fn field_bound(field: &Field<'_>) -> Option<TokenStream> {
    let a = &field.attrs;
    if a.skip.is_some() || a.redact.is_some() || a.with.is_some() {
        // `skip` and `redact` never look at the value; `with` hands it to a
        // function whose own signature carries the bounds.
        None
    } else if a.error.is_some() {
        Some(quote!(::std::error::Error))
    } else if a.display.is_some() {
        Some(quote!(::core::fmt::Display))
    } else if a.max_len.is_some() {
        Some(quote!(__sl::MaxLen))
    } else if a.flatten.is_some() {
        Some(quote!(__SafeLog + __Record))
    } else {
        Some(quote!(__SafeLog))
    }
}

/// The user's where clause plus a bound for each logged field whose type
/// mentions a type parameter.
pub(crate) fn where_clause(
    generics: &Generics,
    params: &ParamSet,
    fields: &[&Field<'_>],
) -> Option<WhereClause> {
    let mut clause = generics.where_clause.clone();
    for field in fields {
        if !params.mentioned_by(&field.ty_tokens) {
            continue;
        }
        if let Some(bound) = field_bound(field) {
            // On the type inside the wrappers that log what they hold
            // (`T` for `Option<T>`): what the derive checks, and what an
            // error about it names.
            let a = &field.attrs;
            let ty = if a.max_len.is_some() || a.flatten.is_some() {
                field.ty
            } else {
                crate::peel::peel(field.ty).inner
            };
            let clause = clause.get_or_insert_with(|| syn::parse_quote!(where));
            // Spanned on the field, so an unmet bound points at it.
            clause
                .predicates
                .push(syn::parse_quote_spanned!(ty.span()=> #ty: #bound));
        }
    }
    clause
}
