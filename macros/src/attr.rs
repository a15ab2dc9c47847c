//! `#[safe_log(...)]` attributes as typed, spanned values.
//!
//! Every attribute is one row of [`SPECS`]: its name, where it may be
//! written, and how its value is read. Parsing, placement and the messages
//! about a misplaced or unknown attribute all come from that table, so a new
//! attribute is one new row and one new slot.

use proc_macro2::TokenTree;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, LitInt, LitStr, Path, Token};

use crate::case::{RULES, RenameRule};
use crate::ctxt::Ctxt;

/// Where an attribute is written; decides which attributes it accepts.
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
}

const CONTAINER: &[Place] = &[Place::Struct, Place::Enum];
const FIELD: &[Place] = &[Place::Field];

/// One attribute: its name, the places that accept it, and how it is read.
struct Spec {
    name: &'static str,
    on: &'static [Place],
    form: Form,
}

/// How an attribute is written.
enum Form {
    /// `name`, stored as the path the user wrote, to span errors on it, in
    /// the slot of the place it is written at.
    Flag(fn(&mut Attrs, Place) -> &mut Option<Path>),
    /// `name = value`, read by the function.
    Value(fn(&Ctxt, &ParseNestedMeta<'_>, &mut Attrs) -> syn::Result<()>),
}

/// Every attribute, in the order the messages list them.
const SPECS: &[Spec] = &[
    Spec {
        name: "rename_all",
        on: CONTAINER,
        form: Form::Value(parse_rename_all),
    },
    Spec {
        name: "crate",
        on: CONTAINER,
        form: Form::Value(parse_crate),
    },
    Spec {
        name: "rename",
        on: &[Place::Field, Place::Variant],
        form: Form::Value(parse_rename),
    },
    Spec {
        name: "skip",
        on: FIELD,
        form: Form::Flag(|a, _| &mut a.field.skip),
    },
    Spec {
        name: "redact",
        on: FIELD,
        form: Form::Flag(|a, _| &mut a.field.redact),
    },
    Spec {
        name: "display",
        on: &[Place::Field, Place::Struct, Place::Enum],
        form: Form::Flag(|a, place| match place {
            Place::Field | Place::Variant => &mut a.field.display,
            Place::Struct | Place::Enum => &mut a.container.display,
        }),
    },
    Spec {
        name: "error",
        on: FIELD,
        form: Form::Flag(|a, _| &mut a.field.error),
    },
    Spec {
        name: "with",
        on: FIELD,
        form: Form::Value(parse_with),
    },
    Spec {
        name: "flatten",
        on: FIELD,
        form: Form::Flag(|a, _| &mut a.field.flatten),
    },
    Spec {
        name: "max_len",
        on: FIELD,
        form: Form::Value(parse_max_len),
    },
];

impl Spec {
    fn find(name: &str) -> Option<&'static Spec> {
        SPECS.iter().find(|spec| spec.name == name)
    }

    /// Where the attribute belongs, as a message says it.
    fn belongs_on(&self) -> String {
        if self.on == CONTAINER {
            return "the struct or enum".to_owned();
        }
        if self.on.len() == 3 {
            return "a field, a struct or an enum".to_owned();
        }
        let places: Vec<&str> = self.on.iter().map(|p| p.name()).collect();
        places.join(" or ")
    }

    /// The message for this attribute written at `place`, which does not
    /// accept it.
    fn misplaced(&self, place: Place) -> String {
        let mut message = format!(
            "`{}` belongs on {}, not on {}",
            self.name,
            self.belongs_on(),
            place.name()
        );
        if self.name == "rename" && CONTAINER.contains(&place) {
            message.push_str("; to rename every key, write `rename_all = \"...\"`");
        }
        message
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
    pub(crate) error: Option<Path>,
    pub(crate) with: Option<With>,
    pub(crate) flatten: Option<Path>,
    pub(crate) max_len: Option<MaxLen>,
}

impl FieldAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        parse(cx, attrs, Place::Field).field
    }

    /// The attributes present, each with its name and the path the user
    /// wrote: what the rules about combinations look at.
    pub(crate) fn present(&self) -> Vec<(&'static str, &Path)> {
        let all = [
            ("rename", self.rename.as_ref().map(|(p, _)| p)),
            ("skip", self.skip.as_ref()),
            ("redact", self.redact.as_ref()),
            ("display", self.display.as_ref()),
            ("error", self.error.as_ref()),
            ("with", self.with.as_ref().map(|w| &w.key)),
            ("flatten", self.flatten.as_ref()),
            ("max_len", self.max_len.as_ref().map(|m| &m.key)),
        ];
        all.into_iter()
            .filter_map(|(name, path)| Some((name, path?)))
            .collect()
    }
}

/// The attributes of a struct or an enum.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    pub(crate) rename_all: Option<RenameAll>,
    /// `crate = "path"`: where the runtime crate is, for users who rename
    /// the dependency.
    pub(crate) krate: Option<Path>,
    /// `display`: the whole type is logged as its `Display` text.
    pub(crate) display: Option<Path>,
}

impl ContainerAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Self {
        parse(cx, attrs, place).container
    }
}

#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<(Path, Rename)>,
}

impl VariantAttrs {
    pub(crate) fn from_syn(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        VariantAttrs {
            rename: parse(cx, attrs, Place::Variant).field.rename,
        }
    }
}

/// Everything parsed from the `#[safe_log(...)]` attributes of one item.
/// Only the slots of attributes its place accepts can be filled.
#[derive(Default)]
struct Attrs {
    field: FieldAttrs,
    container: ContainerAttrs,
}

fn parse(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("safe_log")) {
        let result = attr.parse_nested_meta(|meta| parse_one(cx, &meta, place, &mut out));
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
    out: &mut Attrs,
) -> syn::Result<()> {
    let path = &meta.path;
    let name = path.get_ident().map(ToString::to_string);
    let Some(spec) = name.as_deref().and_then(Spec::find) else {
        let written = name.unwrap_or_else(|| quote::quote!(#path).to_string());
        cx.error_spanned_by(path, unknown_key_message(&written, place));
        return skip_value(meta.input);
    };
    if !spec.on.contains(&place) {
        cx.error_spanned_by(path, spec.misplaced(place));
        return skip_value(meta.input);
    }
    match spec.form {
        Form::Flag(slot) => {
            if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                cx.error_spanned_by(
                    path,
                    format!("`{0}` takes no value: write `{0}`", spec.name),
                );
                skip_value(meta.input)?;
            }
            set(cx, path, slot(out, place), path.clone());
            Ok(())
        }
        Form::Value(read) => read(cx, meta, out),
    }
}

fn parse_rename(cx: &Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
    let lit: LitStr = string_value(meta, "rename = \"key\"")?;
    let value = lit.value();
    if let Some(problem) = key_problem(&value) {
        cx.error_spanned_by(&lit, format!("invalid `rename`: {problem}"));
    }
    let path = &meta.path;
    set(
        cx,
        path,
        &mut out.field.rename,
        (path.clone(), Rename { lit, value }),
    );
    Ok(())
}

fn parse_rename_all(cx: &Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
    let lit: LitStr = string_value(meta, "rename_all = \"snake_case\"")?;
    match RenameRule::from_name(&lit.value()) {
        Some(rule) => set(
            cx,
            &meta.path,
            &mut out.container.rename_all,
            RenameAll { rule },
        ),
        None => {
            let names: Vec<String> = RULES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
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
    Ok(())
}

/// `crate = "path"` (serde's form) or `crate = path`.
fn parse_crate(cx: &Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
    let input = meta.value()?;
    let krate: Path = if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        match lit.parse() {
            Ok(path) => path,
            Err(_) => {
                cx.error_spanned_by(
                    &lit,
                    format!(
                        "`crate` takes the path of the safe-log crate, and {:?} is not a path: write `crate = \"my_safe_log\"`",
                        lit.value()
                    ),
                );
                return Ok(());
            }
        }
    } else {
        input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the path of the safe-log crate: `crate = \"my_safe_log\"`",
            )
        })?
    };
    set(cx, &meta.path, &mut out.container.krate, krate);
    Ok(())
}

fn parse_with(cx: &Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
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
    let key = meta.path.clone();
    set(
        cx,
        &meta.path,
        &mut out.field.with,
        With { key, path: fn_path },
    );
    Ok(())
}

fn parse_max_len(cx: &Ctxt, meta: &ParseNestedMeta<'_>, out: &mut Attrs) -> syn::Result<()> {
    let input = meta.value()?;
    let lit: LitInt = input
        .parse()
        .map_err(|e| syn::Error::new(e.span(), "expected a number of bytes: `max_len = 256`"))?;
    match lit.base10_parse::<usize>() {
        Ok(0) => cx.error_spanned_by(&lit, "`max_len` must be at least 1"),
        Ok(value) => {
            let key = meta.path.clone();
            set(
                cx,
                &meta.path,
                &mut out.field.max_len,
                MaxLen { key, value },
            );
        }
        Err(_) => cx.error_spanned_by(&lit, "`max_len` must be a whole number of bytes"),
    }
    Ok(())
}

fn unknown_key_message(key: &str, place: Place) -> String {
    let accepts: Vec<String> = SPECS
        .iter()
        .filter(|spec| spec.on.contains(&place))
        .map(|spec| format!("`{}`", spec.name))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::{Form, SPECS};

    #[test]
    fn every_attribute_is_accepted_somewhere_and_named_once() {
        for (i, spec) in SPECS.iter().enumerate() {
            assert!(!spec.on.is_empty(), "`{}` is accepted nowhere", spec.name);
            assert!(
                SPECS[..i].iter().all(|other| other.name != spec.name),
                "`{}` appears twice",
                spec.name
            );
        }
    }

    #[test]
    fn every_flag_has_a_slot_of_its_own() {
        let path: syn::Path = syn::parse_quote!(x);
        let mut field = super::Attrs::default();
        let mut container = super::Attrs::default();
        let mut flags = 0;
        for spec in SPECS {
            if let Form::Flag(slot) = spec.form {
                flags += 1;
                for &place in spec.on {
                    let attrs = if place == super::Place::Field {
                        &mut field
                    } else {
                        &mut container
                    };
                    let slot = slot(attrs, place);
                    if place == super::Place::Field {
                        assert!(slot.is_none(), "`{}` shares a slot", spec.name);
                    }
                    *slot = Some(path.clone());
                }
            }
        }
        assert_eq!(flags, 5);
        assert_eq!(field.field.present().len(), 5);
        assert!(container.container.display.is_some());
    }
}
