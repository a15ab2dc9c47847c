//! Rules that span several attributes or fields, one rule each.

use std::collections::HashMap;

use crate::ast::{Data, Field, Input, Shape};
use crate::attr::FieldAttrs;
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    if input.display.is_some() {
        display_type_has_no_field_attrs(cx, input);
        return;
    }
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
                    Shape::Newtype(field) => check_field(cx, field, Role::NewtypeVariant),
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
    /// The only field of a newtype struct: it is the value.
    Newtype,
    /// The only field of a newtype variant: its value, under the variant's
    /// key; skipped, the variant logs its name alone.
    NewtypeVariant,
}

impl Role {
    fn is_newtype(self) -> bool {
        matches!(self, Role::Newtype | Role::NewtypeVariant)
    }
}

/// The rules about one field's attributes, in the order their errors are
/// reported. A skipped field is checked only by the rules about `skip`: it
/// has no key and no value, so the others have nothing to say about it.
fn check_field(cx: &Ctxt, field: &Field<'_>, role: Role) {
    let rules: &[fn(&Ctxt, &FieldAttrs, Role)] = if field.attrs.skip.is_some() {
        &[skip_stands_alone, skip_leaves_something_to_log]
    } else {
        &[
            redact_has_no_other_form,
            flatten_has_no_key_or_form,
            flatten_needs_a_named_field,
            one_way_to_write_the_value,
            max_len_or_with,
            rename_needs_a_named_field,
        ]
    };
    for rule in rules {
        rule(cx, &field.attrs, role);
    }
}

/// Reports every attribute of `attrs` named in `others` with `message`.
fn conflicts(cx: &Ctxt, attrs: &FieldAttrs, others: &[&str], message: impl Fn(&str) -> String) {
    for (name, path) in attrs.present() {
        if others.contains(&name) {
            cx.error_spanned_by(path, message(name));
        }
    }
}

/// A skipped field has no key and no value: any other attribute on it would
/// silently do nothing.
fn skip_stands_alone(cx: &Ctxt, a: &FieldAttrs, _: Role) {
    for (name, path) in a.present() {
        if name != "skip" {
            cx.error_spanned_by(
                path,
                format!("`{name}` has no effect on a `skip` field: remove one of them"),
            );
        }
    }
}

/// The only field of a newtype is its whole value: skipping it leaves
/// nothing.
fn skip_leaves_something_to_log(cx: &Ctxt, a: &FieldAttrs, role: Role) {
    if let (Some(skip), Role::Newtype) = (&a.skip, role) {
        cx.error_spanned_by(skip, "`skip` on the only field leaves nothing to log: remove `skip`, or do not derive `SafeLog` for this type");
    }
}

/// A redacted field is never formatted or converted.
fn redact_has_no_other_form(cx: &Ctxt, a: &FieldAttrs, _: Role) {
    if a.redact.is_some() {
        conflicts(cx, a, &["display", "with", "flatten", "max_len"], |name| {
            format!(
                "`redact` and `{name}` cannot be combined: a redacted field is always written as \"[redacted]\""
            )
        });
    }
}

/// A flattened field has no key of its own, and its record is not
/// formatted.
fn flatten_has_no_key_or_form(cx: &Ctxt, a: &FieldAttrs, _: Role) {
    if a.flatten.is_some() {
        conflicts(
            cx,
            a,
            &["rename", "display", "error", "with", "max_len"],
            |name| {
                format!(
                    "`flatten` and `{name}` cannot be combined: a flattened field merges its record's keys into the parent"
                )
            },
        );
    }
}

/// A newtype already logs its field's keys as its own.
fn flatten_needs_a_named_field(cx: &Ctxt, a: &FieldAttrs, role: Role) {
    if let (Some(flatten), true) = (&a.flatten, role.is_newtype()) {
        cx.error_spanned_by(flatten, "`flatten` applies to a named field; a newtype already logs its field's keys as its own");
    }
}

/// `display`, `error` and `with` are three ways to choose the value: choose
/// one.
fn one_way_to_write_the_value(cx: &Ctxt, a: &FieldAttrs, _: Role) {
    let ways: Vec<(&str, &syn::Path)> = a
        .present()
        .into_iter()
        .filter(|(name, _)| matches!(*name, "display" | "error" | "with"))
        .collect();
    if let [(first, _), rest @ ..] = ways.as_slice() {
        for (name, path) in rest {
            cx.error_spanned_by(
                path,
                format!(
                    "`{first}` and `{name}` cannot be combined: choose one way to write the value"
                ),
            );
        }
    }
}

/// `max_len` cuts a string; the result of `with` is the function's to shape.
fn max_len_or_with(cx: &Ctxt, a: &FieldAttrs, _: Role) {
    if let (Some(max_len), Some(_)) = (&a.max_len, &a.with) {
        cx.error_spanned_by(
            &max_len.key,
            "`max_len` and `with` cannot be combined: cut the string in the `with` function",
        );
    }
}

/// A newtype's field is the value itself: its key is the parent's.
fn rename_needs_a_named_field(cx: &Ctxt, a: &FieldAttrs, role: Role) {
    if let (Some((path, _)), true) = (&a.rename, role.is_newtype()) {
        cx.error_spanned_by(path, "`rename` applies to a named field; a newtype's value takes the key of the field that holds it");
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

/// A type logged as its `Display` text has no keys of its own: attributes
/// on its fields and variants would do nothing.
fn display_type_has_no_field_attrs(cx: &Ctxt, input: &Input<'_>) {
    let message = |name: &str| {
        format!(
            "`{name}` has no effect: the type is logged as its `Display` text (`#[safe_log(display)]` on the type); remove one of them"
        )
    };
    let fields: Vec<&Field<'_>> = match &input.data {
        Data::Record(fields) => fields.iter().collect(),
        Data::Newtype(field) => vec![field],
        Data::Enum(variants) => {
            for variant in variants {
                if let Some((path, _)) = &variant.attrs.rename {
                    cx.error_spanned_by(path, message("rename"));
                }
            }
            variants.iter().flat_map(|v| v.fields()).collect()
        }
        Data::Invalid => Vec::new(),
    };
    for field in fields {
        for (name, path) in field.attrs.present() {
            cx.error_spanned_by(path, message(name));
        }
    }
}
