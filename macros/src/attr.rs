//! `#[safe_log(...)]` attributes as typed, spanned values.

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, LitInt, LitStr, Path, Token};

use crate::case::{RULES, RenameRule};
use crate::ctxt::Ctxt;

/// Where an attribute is written; decides which keys it accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Struct,
    Enum,
    Variant,
    Field,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Struct => "a struct",
            Place::Enum => "an enum",
            Place::Variant => "a variant",
            Place::Field => "a field",
        }
    }

    fn accepts(self) -> &'static [&'static str] {
        match self {
            Place::Struct | Place::Enum => &["rename_all"],
            Place::Variant => &["rename"],
            Place::Field => &[
                "rename", "skip", "redact", "display", "with", "flatten", "max_len",
            ],
        }
    }
}

/// `rename = "key"`.
pub(crate) struct Rename {
    pub(crate) lit: LitStr,
    pub(crate) value: String,
}

/// `with = path::to::fn`.
pub(crate) struct With {
    pub(crate) key: Path,
    pub(crate) path: Path,
}

/// `max_len = N`.
pub(crate) struct MaxLen {
    pub(crate) key: Path,
    pub(crate) value: usize,
}

/// `rename_all = "case"`.
pub(crate) struct RenameAll {
    pub(crate) rule: RenameRule,
}

/// Every attribute a field can carry. A flag holds the path the user wrote,
/// to span errors on it.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) rename: Option<(Path, Rename)>,
    pub(crate) skip: Option<Path>,
    pub(crate) redact: Option<Path>,
    pub(crate) display: Option<Path>,
    pub(crate) with: Option<With>,
    pub(crate) flatten: Option<Path>,
    pub(crate) max_len: Option<MaxLen>,
}

#[derive(Default)]
pub(crate) struct ContainerAttrs {
    pub(crate) rename_all: Option<RenameAll>,
}

#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<(Path, Rename)>,
}

/// Everything parsed from the `#[safe_log(...)]` attributes of one item,
/// before the place decides which parts it keeps.
#[derive(Default)]
struct Parsed {
    field: FieldAttrs,
    rename_all: Option<RenameAll>,
}

impl ContainerAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Self {
        ContainerAttrs {
            rename_all: parse(cx, attrs, place).rename_all,
        }
    }
}

impl VariantAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        VariantAttrs {
            rename: parse(cx, attrs, Place::Variant).field.rename,
        }
    }
}

impl FieldAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        parse(cx, attrs, Place::Field).field
    }
}

fn parse(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Parsed {
    let mut out = Parsed::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("safe_log")) {
        let result = attr.parse_nested_meta(|meta| {
            parse_one(cx, &meta, place, &mut out)?;
            Ok(())
        });
        if let Err(error) = result {
            cx.syn_error(error);
        }
    }
    out
}

/// Parses one `key` or `key = value`. Mistakes that leave the input in a
/// known state are recorded and parsing goes on, so that every mistake of an
/// attribute is reported at once; an `Err` stops this attribute.
fn parse_one(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    place: Place,
    out: &mut Parsed,
) -> syn::Result<()> {
    let path = &meta.path;
    let Some(key) = path.get_ident().map(ToString::to_string) else {
        cx.error_spanned_by(
            path,
            unknown_key_message(&quote::quote!(#path).to_string(), place),
        );
        return skip_value(meta.input);
    };

    if !place.accepts().contains(&key.as_str()) {
        let message = match key.as_str() {
            "rename_all" => format!(
                "`rename_all` belongs on the struct or enum, not on {}",
                place.name()
            ),
            "rename" if place != Place::Field && place != Place::Variant => format!(
                "`rename` belongs on a field or a variant, not on {}; to rename every key, write `rename_all = \"...\"`",
                place.name()
            ),
            "skip" | "redact" | "display" | "with" | "flatten" | "max_len" => {
                format!("`{key}` belongs on a field, not on {}", place.name())
            }
            _ => unknown_key_message(&key, place),
        };
        cx.error_spanned_by(path, message);
        return skip_value(meta.input);
    }

    let field = &mut out.field;
    match key.as_str() {
        "rename" => {
            let lit: LitStr = string_value(meta, "rename = \"key\"")?;
            let value = lit.value();
            if let Some(problem) = key_problem(&value) {
                cx.error_spanned_by(&lit, format!("invalid `rename`: {problem}"));
            }
            set(
                cx,
                path,
                &mut field.rename,
                (path.clone(), Rename { lit, value }),
            );
        }
        "rename_all" => {
            let lit: LitStr = string_value(meta, "rename_all = \"snake_case\"")?;
            match RenameRule::from_name(&lit.value()) {
                Some(rule) => set(cx, path, &mut out.rename_all, RenameAll { rule }),
                None => {
                    let names: Vec<String> =
                        RULES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                    cx.error_spanned_by(
                        &lit,
                        format!(
                            "unknown case {:?} in `rename_all`; expected one of {}",
                            lit.value(),
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        "with" => {
            let input = meta.value()?;
            if input.peek(LitStr) {
                let lit: LitStr = input.parse()?;
                cx.error_spanned_by(
                    &lit,
                    format!(
                        "`with` takes a path to a function, not a string: write `with = {}`",
                        lit.value()
                    ),
                );
                return Ok(());
            }
            let fn_path: Path = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected a path to a function: `with = path::to::fn`",
                )
            })?;
            set(
                cx,
                path,
                &mut field.with,
                With {
                    key: path.clone(),
                    path: fn_path,
                },
            );
        }
        "max_len" => {
            let input = meta.value()?;
            let lit: LitInt = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "expected a number of bytes: `max_len = 256`")
            })?;
            match lit.base10_parse::<usize>() {
                Ok(0) => cx.error_spanned_by(&lit, "`max_len` must be at least 1"),
                Ok(value) => set(
                    cx,
                    path,
                    &mut field.max_len,
                    MaxLen {
                        key: path.clone(),
                        value,
                    },
                ),
                Err(_) => cx.error_spanned_by(&lit, "`max_len` must be a whole number of bytes"),
            }
        }
        flag => {
            if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                cx.error_spanned_by(path, format!("`{flag}` takes no value: write `{flag}`"));
                skip_value(meta.input)?;
            }
            let slot = match flag {
                "skip" => &mut field.skip,
                "redact" => &mut field.redact,
                "display" => &mut field.display,
                // Only the flags remain: `accepts` admitted nothing else.
                _ => &mut field.flatten,
            };
            set(cx, path, slot, path.clone());
        }
    }
    Ok(())
}

fn unknown_key_message(key: &str, place: Place) -> String {
    let accepts: Vec<String> = place.accepts().iter().map(|k| format!("`{k}`")).collect();
    let expected = match accepts.as_slice() {
        [one] => format!("the only attribute on {} is {one}", place.name()),
        _ => format!("expected one of {}", accepts.join(", ")),
    };
    format!("unknown attribute `{key}` in `#[safe_log(...)]`; {expected}")
}

/// Stores an attribute, reporting a second occurrence.
fn set<T>(cx: &Ctxt, path: &Path, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        let key = path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        cx.error_spanned_by(path, format!("duplicate `{key}` attribute: remove one"));
    } else {
        *slot = Some(value);
    }
}

fn string_value(meta: &ParseNestedMeta<'_>, example: &str) -> syn::Result<LitStr> {
    let input = meta.value()?;
    input
        .parse()
        .map_err(|e| syn::Error::new(e.span(), format!("expected a string literal: `{example}`")))
}

/// Consumes an unwanted `= value` or `(...)` up to the next comma, so the
/// attribute's other entries are still checked.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if let TokenTree::Punct(p) = &tt {
                if p.as_char() == ',' {
                    break;
                }
            }
            rest = next;
        }
        Ok(((), rest))
    })
}

/// Why `key` cannot be a log key, if it cannot: keys are queried and filtered
/// on, so they hold no whitespace or control characters, and their dots
/// separate non-empty segments.
pub(crate) fn key_problem(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("a key cannot be empty".to_owned());
    }
    if let Some(c) = key.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "a key cannot contain whitespace or control characters, found {c:?}"
        ));
    }
    if key.split('.').any(str::is_empty) {
        return Some(
            "dots separate the segments of a nested key; a key cannot start or end with `.` or contain `..`"
                .to_owned(),
        );
    }
    None
}
