//! Rules that span several attributes or fields, one rule each.

use std::collections::HashMap;

use quote::ToTokens;

use crate::ast::{Data, Field, Input, Shape};
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    match &input.data {
        Data::Record(fields) => {
            for field in fields {
                check_field(cx, field, Role::Keyed);
            }
            check_unique_keys(cx, fields);
        }
        Data::Newtype(field) => check_field(cx, field, Role::Newtype),
        Data::Enum(variants) => {
            for variant in variants {
                match &variant.shape {
                    Shape::Unit => {}
                    Shape::Named(fields) => {
                        for field in fields {
                            check_field(cx, field, Role::Keyed);
                        }
                        check_unique_keys(cx, fields);
                    }
                    Shape::Newtype(field) => check_field(cx, field, Role::Newtype),
                }
            }
            check_unique_variant_names(cx, input);
        }
        Data::Invalid => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A named field: it has a key of its own.
    Keyed,
    /// The only field of a newtype struct or variant: it is the value.
    Newtype,
}

fn check_field(cx: &Ctxt, field: &Field<'_>, role: Role) {
    let a = &field.attrs;

    // A skipped field has no key and no value: any other attribute is a
    // mistake (it would silently do nothing).
    if a.skip.is_some() {
        let others = [
            a.rename.as_ref().map(|(p, _)| p),
            a.redact.as_ref(),
            a.display.as_ref(),
            a.with.as_ref().map(|w| &w.key),
            a.flatten.as_ref(),
            a.max_len.as_ref().map(|m| &m.key),
        ];
        for path in others.into_iter().flatten() {
            cx.error_spanned_by(
                path,
                format!(
                    "`{}` has no effect on a `skip` field: remove one of them",
                    ident(path)
                ),
            );
        }
        if role == Role::Newtype {
            if let Some(skip) = &a.skip {
                cx.error_spanned_by(skip, "`skip` on the only field leaves nothing to log: remove `skip`, or do not derive `SafeLog` for this type");
            }
        }
        return;
    }

    // A redacted field is never formatted or converted.
    if a.redact.is_some() {
        let others = [
            a.display.as_ref(),
            a.with.as_ref().map(|w| &w.key),
            a.flatten.as_ref(),
            a.max_len.as_ref().map(|m| &m.key),
        ];
        for path in others.into_iter().flatten() {
            cx.error_spanned_by(
                path,
                format!("`redact` and `{}` cannot be combined: a redacted field is always written as \"[redacted]\"", ident(path)),
            );
        }
    }

    // A flattened field has no key of its own, and its record is not
    // formatted.
    if let Some(flatten) = &a.flatten {
        let others = [
            a.rename.as_ref().map(|(p, _)| p),
            a.display.as_ref(),
            a.with.as_ref().map(|w| &w.key),
            a.max_len.as_ref().map(|m| &m.key),
        ];
        for path in others.into_iter().flatten() {
            cx.error_spanned_by(
                path,
                format!("`flatten` and `{}` cannot be combined: a flattened field merges its record's keys into the parent", ident(path)),
            );
        }
        if role == Role::Newtype {
            cx.error_spanned_by(flatten, "`flatten` applies to a named field; a newtype already logs its field's keys as its own");
        }
    }

    // `display` and `with` are two ways to choose the value: choose one.
    if let (Some(_), Some(with)) = (&a.display, &a.with) {
        cx.error_spanned_by(
            &with.key,
            "`display` and `with` cannot be combined: choose one way to write the value",
        );
    }

    // `max_len` cuts a string; the result of `with` is the function's to
    // shape.
    if let (Some(max_len), Some(_)) = (&a.max_len, &a.with) {
        cx.error_spanned_by(
            &max_len.key,
            "`max_len` and `with` cannot be combined: cut the string in the `with` function",
        );
    }

    // A newtype's field is the value itself: its key is the parent's.
    if role == Role::Newtype {
        if let Some((path, _)) = &a.rename {
            cx.error_spanned_by(path, "`rename` applies to a named field; a newtype's value takes the key of the field that holds it");
        }
    }
}

/// Two logged fields of one record cannot write the same key.
fn check_unique_keys(cx: &Ctxt, fields: &[Field<'_>]) {
    let mut seen: HashMap<&str, &Field<'_>> = HashMap::new();
    for field in fields {
        if !field.is_logged() || field.attrs.flatten.is_some() {
            continue;
        }
        if let Some(first) = seen.get(field.key.as_str()) {
            let first_name = first
                .original
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let message = format!(
                "two fields write the key `{}` (`{first_name}` and this one): rename one of them with `#[safe_log(rename = \"...\")]`",
                field.key
            );
            match &field.attrs.rename {
                Some((_, rename)) => cx.error_spanned_by(&rename.lit, message),
                None => cx.error_spanned_by(&field.original.ident, message),
            }
        } else {
            seen.insert(&field.key, field);
        }
    }
}

/// Two variants of one enum cannot be written as the same string.
fn check_unique_variant_names(cx: &Ctxt, input: &Input<'_>) {
    let Data::Enum(variants) = &input.data else {
        return;
    };
    let mut seen: HashMap<&str, &syn::Ident> = HashMap::new();
    for variant in variants {
        if let Some(first) = seen.get(variant.name.as_str()) {
            let message = format!(
                "two variants are written as \"{}\" (`{first}` and this one): rename one of them with `#[safe_log(rename = \"...\")]`",
                variant.name
            );
            match &variant.attrs.rename {
                Some((_, rename)) => cx.error_spanned_by(&rename.lit, message),
                None => cx.error_spanned_by(variant.ident, message),
            }
        } else {
            seen.insert(&variant.name, variant.ident);
        }
    }
}

fn ident(path: &syn::Path) -> String {
    path.get_ident()
        .map_or_else(|| path.to_token_stream().to_string(), ToString::to_string)
}
