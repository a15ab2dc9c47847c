//! The typed model of a `#[derive(SafeLog)]` input.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{DeriveInput, Generics, Ident, Member, Type};

use crate::attr::{ContainerAttrs, FieldAttrs, Place, VariantAttrs};
use crate::case::RenameRule;
use crate::ctxt::Ctxt;

pub(crate) struct Input<'a> {
    /// The path of the runtime crate: `::safe_log`, or `crate = "..."`.
    pub(crate) krate: syn::Path,
    /// `#[safe_log(display)]` on the type: it is logged as its `Display`
    /// text, whatever its fields.
    pub(crate) display: Option<syn::Path>,
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) data: Data<'a>,
}

#[allow(clippy::large_enum_variant, reason = "one per derive, never copied")]
pub(crate) enum Data<'a> {
    /// A struct with named fields, or a unit struct: each field a key.
    Record(Vec<Field<'a>>),
    /// A struct with one unnamed field: the field's value.
    Newtype(Field<'a>),
    /// An enum: the variant's name, and its fields below it.
    Enum(Vec<Variant<'a>>),
    /// Not derivable (a union, a tuple struct of several fields): the error
    /// is reported and a fallback impl keeps follow-on errors away.
    Invalid,
}

pub(crate) struct Field<'a> {
    pub(crate) original: &'a syn::Field,
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
    /// The type as tokens, rendered once: the expansion names it several
    /// times, and rendering a syntax tree to tokens is not free.
    pub(crate) ty_tokens: TokenStream,
    /// Where the type is, for errors about it.
    pub(crate) span: Span,
    pub(crate) attrs: FieldAttrs,
    /// The key under the parent; for a newtype, the parent's own key.
    pub(crate) key: String,
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: VariantAttrs,
    /// The string the variant is logged as.
    pub(crate) name: String,
    pub(crate) shape: Shape<'a>,
}

#[allow(clippy::large_enum_variant, reason = "one per variant, never copied")]
pub(crate) enum Shape<'a> {
    Unit,
    /// Struct variant: each field under `key.field`.
    Named(Vec<Field<'a>>),
    /// Newtype variant: the value under `key.variant`.
    Newtype(Field<'a>),
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let mut krate = None;
        let mut display = None;
        let data = match &input.data {
            syn::Data::Struct(data) => {
                let attrs = ContainerAttrs::from_syn(cx, &input.attrs, Place::Struct);
                krate = attrs.krate;
                display = attrs.display;
                let rule = attrs.rename_all.map(|r| r.rule);
                match &data.fields {
                    syn::Fields::Named(fields) => Data::Record(
                        fields
                            .named
                            .iter()
                            .map(|f| Field::from_syn(cx, f, 0, rule))
                            .collect(),
                    ),
                    syn::Fields::Unit => Data::Record(Vec::new()),
                    syn::Fields::Unnamed(fields) => match fields.unnamed.len() {
                        0 => Data::Record(Vec::new()),
                        1 => Data::Newtype(Field::from_syn(cx, &fields.unnamed[0], 0, None)),
                        n => {
                            cx.error_spanned_by(
                                fields,
                                format!(
                                    "a tuple struct with {n} fields has no keys for them: give the fields names (`struct {} {{ a: A, b: B }}`)",
                                    input.ident
                                ),
                            );
                            Data::Invalid
                        }
                    },
                }
            }
            syn::Data::Enum(data) => {
                let attrs = ContainerAttrs::from_syn(cx, &input.attrs, Place::Enum);
                krate = attrs.krate;
                display = attrs.display;
                let rule = attrs.rename_all.map_or(RenameRule::Snake, |r| r.rule);
                Data::Enum(
                    data.variants
                        .iter()
                        .map(|v| Variant::from_syn(cx, v, rule))
                        .collect(),
                )
            }
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`SafeLog` cannot be derived for a union: which field holds the value is not known; log a struct or an enum instead",
                );
                Data::Invalid
            }
        };
        Input {
            krate: krate.unwrap_or_else(|| syn::parse_quote!(::safe_log)),
            display,
            ident: &input.ident,
            generics: &input.generics,
            data,
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, field: &'a syn::Field, index: usize, rule: Option<RenameRule>) -> Self {
        let attrs = FieldAttrs::from_syn(cx, &field.attrs);
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(index.into()),
        };
        let key = match (&attrs.rename, &field.ident) {
            (Some((_, rename)), _) => rename.value.clone(),
            (None, Some(ident)) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                rule.map_or_else(|| name.to_owned(), |rule| rule.apply_to_field(name))
            }
            (None, None) => String::new(),
        };
        let ty_tokens = field.ty.to_token_stream();
        let span = ty_tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span());
        Field {
            original: field,
            member,
            ty: &field.ty,
            ty_tokens,
            span,
            attrs,
            key,
        }
    }
}

impl<'a> Variant<'a> {
    fn from_syn(cx: &Ctxt, variant: &'a syn::Variant, rule: RenameRule) -> Self {
        let attrs = VariantAttrs::from_syn(cx, &variant.attrs);
        let name = match &attrs.rename {
            Some((_, rename)) => rename.value.clone(),
            None => {
                let name = variant.ident.to_string();
                rule.apply_to_variant(name.strip_prefix("r#").unwrap_or(&name))
            }
        };
        let shape = match &variant.fields {
            syn::Fields::Unit => Shape::Unit,
            syn::Fields::Named(fields) => Shape::Named(
                fields
                    .named
                    .iter()
                    .map(|f| Field::from_syn(cx, f, 0, None))
                    .collect(),
            ),
            syn::Fields::Unnamed(fields) => match fields.unnamed.len() {
                0 => Shape::Unit,
                1 => {
                    let mut field = Field::from_syn(cx, &fields.unnamed[0], 0, None);
                    field.key.clone_from(&name);
                    Shape::Newtype(field)
                }
                n => {
                    cx.error_spanned_by(
                        fields,
                        format!(
                            "a tuple variant with {n} fields has no keys for them: give the fields names (`{} {{ a: A, b: B }}`)",
                            variant.ident
                        ),
                    );
                    Shape::Unit
                }
            },
        };
        Variant {
            ident: &variant.ident,
            attrs,
            name,
            shape,
        }
    }
}

impl Field<'_> {
    /// Whether the field is logged at all.
    pub(crate) fn is_logged(&self) -> bool {
        self.attrs.skip.is_none()
    }

    /// The `T` of a field of type `Option<T>`, seen in the syntax:
    /// `display` and `error` look through it (`None`: the key is absent).
    pub(crate) fn option_inner(&self) -> Option<&Type> {
        let Type::Path(path) = self.ty else {
            return None;
        };
        if path.qself.is_some() {
            return None;
        }
        let last = path.path.segments.last()?;
        let prefix: Vec<String> = path
            .path
            .segments
            .iter()
            .rev()
            .skip(1)
            .map(|s| s.ident.to_string())
            .collect();
        let std_path = matches!(
            prefix
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            [] | ["option", "std" | "core"]
        );
        if last.ident != "Option" || !std_path {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        match args.args.iter().collect::<Vec<_>>().as_slice() {
            [syn::GenericArgument::Type(inner)] => Some(inner),
            _ => None,
        }
    }
}

impl Variant<'_> {
    pub(crate) fn fields(&self) -> &[Field<'_>] {
        match &self.shape {
            Shape::Unit => &[],
            Shape::Named(fields) => fields,
            Shape::Newtype(field) => std::slice::from_ref(field),
        }
    }
}
