//! The type an error must name: a field's or an argument's type with the
//! wrappers that log what they hold taken off (`&`, `&mut`, `Option`,
//! `Box`, `Rc`, `Arc`), read from the tokens the user wrote.
//!
//! The runtime's impls for those wrappers carry
//! `#[diagnostic::do_not_recommend]` (so that rustc lists none of its impls
//! in an error), which also stops rustc from naming the type inside: the
//! derive checks the inner type itself, and proves the wrappers are std's.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

/// A type with its log-transparent wrappers taken off.
pub(crate) struct Peeled<'a> {
    /// The innermost type, which an error names.
    pub(crate) inner: &'a Type,
    /// Where it is.
    pub(crate) span: Span,
    /// The type rebuilt with std's wrappers (`__sl::Option<...>`), to prove
    /// it is the one written; `None` when nothing was taken off.
    pub(crate) canonical: Option<TokenStream>,
}

/// The one type argument of `Name<T>` when the path's last segment is
/// `name` (and it has no other argument).
fn single_arg<'a>(ty: &'a Type, names: &[&str]) -> Option<(&'a Type, &'static str)> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let name = names.iter().find(|n| last.ident == n)?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    let GenericArgument::Type(inner) = args.args.first()? else {
        return None;
    };
    let canonical = match *name {
        "Option" => "Option",
        "Box" => "Box",
        "Rc" => "Rc",
        _ => "Arc",
    };
    Some((inner, canonical))
}

/// Takes the wrappers off `ty`.
pub(crate) fn peel(ty: &Type) -> Peeled<'_> {
    let (inner, canonical) = peel_inner(ty);
    Peeled {
        inner,
        span: inner.span(),
        canonical,
    }
}

fn peel_inner(ty: &Type) -> (&Type, Option<TokenStream>) {
    match ty {
        Type::Reference(reference) => {
            let (inner, rebuilt) = peel_inner(&reference.elem);
            let lifetime = &reference.lifetime;
            let mutability = &reference.mutability;
            let rebuilt = rebuilt.unwrap_or_else(|| inner.to_token_stream());
            (inner, Some(quote!(& #lifetime #mutability #rebuilt)))
        }
        Type::Paren(paren) => peel_inner(&paren.elem),
        Type::Group(group) => peel_inner(&group.elem),
        _ => match single_arg(ty, &["Option", "Box", "Rc", "Arc"]) {
            Some((arg, wrapper)) => {
                let (inner, rebuilt) = peel_inner(arg);
                let rebuilt = rebuilt.unwrap_or_else(|| inner.to_token_stream());
                let wrapper = syn::Ident::new(wrapper, Span::call_site());
                (inner, Some(quote!(__sl::#wrapper<#rebuilt>)))
            }
            None => (ty, None),
        },
    }
}
