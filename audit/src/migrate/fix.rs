//! `migrate --fix`: after the rewrite, build (`cargo check` in JSON) and
//! apply the fixes the compiler's errors make certain, until the build is
//! clean or nothing more is certain:
//!
//! - a type of the package that has no log form, used as a log value:
//!   `#[derive(safe_log::SafeLog)]` on it;
//! - a field of such a derived type whose type (another crate's) has no log
//!   form: `#[safe_log(skip)]` on it, so it is no longer logged;
//! - an argument of `#[safe_log::instrument]` without a log form:
//!   `skip(arg)` in the attribute;
//! - a type of uuid, http, url, chrono, time, jiff or anyhow: the feature of
//!   safe-log named after its crate, in the package's manifest.
//!
//! Every decision is reported with its reason. What is not certain (a type
//! defined twice, or not in the package; a list of records) is left for a
//! person, as the compiler says it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use proc_macro2::LineColumn;
use syn::spanned::Spanned;

use super::{Migration, manifest};

/// The most rounds of build-and-fix.
const ROUNDS: usize = 8;

/// An error of the build, where it is.
#[derive(Debug)]
struct BuildError {
    message: String,
    file: PathBuf,
    line: usize,
    column: usize,
}

/// Builds the workspace of `manifest_dir` and applies certain fixes until
/// none is left; what was done goes to `migration.fixes`.
pub(super) fn fix(manifest_dir: &Path, migration: &mut Migration) {
    let originals = snapshot(manifest_dir);
    fix_rounds(manifest_dir, migration);
    // A file rustfmt left as it was before the fixes stays formatted.
    let edition = edition(manifest_dir);
    for (file, before) in originals {
        let Ok(after) = fs::read_to_string(&file) else {
            continue;
        };
        if after != before {
            if let Some(formatted) =
                super::format::kept_formatted(&before, &after, &file, edition.as_deref())
            {
                let _ = fs::write(&file, formatted);
            }
        }
    }
}

/// The package's `.rs` files and their texts.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    sources(dir, &mut files);
    files
        .into_iter()
        .filter_map(|file| fs::read_to_string(&file).ok().map(|text| (file, text)))
        .collect()
}

/// The package's edition, from its manifest.
fn edition(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    doc.get("package")?
        .get("edition")?
        .as_str()
        .map(str::to_owned)
}

fn fix_rounds(manifest_dir: &Path, migration: &mut Migration) {
    let mut derived: BTreeSet<String> = BTreeSet::new();
    for _ in 0..ROUNDS {
        let errors = match build(manifest_dir) {
            Ok(errors) => errors,
            Err(reason) => {
                migration.notes.push(format!("--fix: {reason}"));
                return;
            }
        };
        if errors.is_empty() {
            return;
        }
        let mut fixed = false;
        let mut seen = BTreeSet::new();
        for error in &errors {
            if !seen.insert((error.file.clone(), error.line, error.message.clone())) {
                continue;
            }
            if let Some(done) = fix_one(manifest_dir, error, &mut derived) {
                migration.fixes.push(done);
                fixed = true;
            }
        }
        if !fixed {
            migration.notes.push(format!(
                "--fix: {} error{} left for a person (run `cargo check` to read {})",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "it" } else { "them" },
            ));
            return;
        }
    }
}

/// `cargo check --all-targets --message-format=json`: its errors.
fn build(dir: &Path) -> Result<Vec<BuildError>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--all-targets",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .current_dir(dir)
        .output()
        .map_err(|error| format!("cannot run `cargo check`: {error}"))?;
    let mut errors = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let text = message["message"]["message"].as_str().unwrap_or_default();
        let Some(span) = message["message"]["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
        else {
            continue;
        };
        let (Some(file), Some(line), Some(column)) = (
            span["file_name"].as_str(),
            span["line_start"].as_u64(),
            span["column_start"].as_u64(),
        ) else {
            continue;
        };
        errors.push(BuildError {
            message: text.to_owned(),
            file: dir.join(file),
            line: usize::try_from(line).unwrap_or(0),
            column: usize::try_from(column).unwrap_or(0),
        });
    }
    Ok(errors)
}

/// The name between the first two backticks of `message`.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(&message[start..end])
}

/// The crate whose feature gives a type its log form, by the type's name.
fn feature_of(ty: &str) -> Option<&'static str> {
    let last = ty.rsplit("::").next().unwrap_or(ty);
    let name = last.split('<').next().unwrap_or(last);
    match name {
        "Uuid" => Some("uuid"),
        "Url" => Some("url"),
        "Uri" | "StatusCode" | "Method" | "Version" | "Scheme" | "Authority" | "PathAndQuery" => {
            Some("http")
        }
        "DateTime" => Some("chrono"),
        "OffsetDateTime" | "UtcDateTime" => Some("time"),
        "Timestamp" | "Zoned" => Some("jiff"),
        _ if ty.starts_with("anyhow::") => Some("anyhow"),
        _ => None,
    }
}

/// Applies the fix `error` makes certain; returns what was done.
fn fix_one(dir: &Path, error: &BuildError, derived: &mut BTreeSet<String>) -> Option<String> {
    let message = &error.message;
    if let Some(rest) = message.split("cannot record `").nth(1) {
        // The package's own type is derived; another crate's is skipped.
        let name = rest.split('`').next()?;
        let ty = quoted(message)?;
        let type_name = ty.split('<').next()?.rsplit("::").next()?;
        return derive(dir, type_name, error, derived).or_else(|| skip_argument(dir, error, name));
    }
    if !message.ends_with("is not log-safe") {
        return None;
    }
    let ty = quoted(message)?;
    if let Some(feature) = feature_of(ty) {
        let manifest = dir.join("Cargo.toml");
        let text = fs::read_to_string(&manifest).ok()?;
        let after = manifest::with_safe_log(&text, &[feature])?;
        fs::write(&manifest, after).ok()?;
        return Some(format!(
            "enabled safe-log's `{feature}` feature in `Cargo.toml`: `{ty}` has a log form with it"
        ));
    }
    // The package's own type: derived. A field of a type this run derived
    // whose type is not the package's: skipped.
    let name = ty.split('<').next()?.rsplit("::").next()?;
    derive(dir, name, error, derived).or_else(|| skip_field(dir, error, derived))
}

/// The package's `.rs` files under `dir/src` (and its other targets).
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && !name.to_string_lossy().starts_with('.') {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Where an item named `name` is defined: (file, line of its `struct` or
/// `enum` keyword, column), if exactly once in the package.
fn definition(dir: &Path, name: &str) -> Option<(PathBuf, LineColumn)> {
    fn search(items: &[syn::Item], name: &str, out: &mut Vec<LineColumn>) {
        for item in items {
            match item {
                syn::Item::Struct(s) if s.ident == name && !derives_safe_log(&s.attrs) => {
                    out.push(s.struct_token.span.start());
                }
                syn::Item::Enum(e) if e.ident == name && !derives_safe_log(&e.attrs) => {
                    out.push(e.enum_token.span.start());
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        search(inner, name, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut files = Vec::new();
    sources(dir, &mut files);
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let Ok((parsed, _)) = crate::scan::parse(&text) else {
            continue;
        };
        let mut at = Vec::new();
        search(&parsed.items, name, &mut at);
        found.extend(at.into_iter().map(|at| (file.clone(), at)));
    }
    (found.len() == 1).then(|| found.remove(0))
}

fn derives_safe_log(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("derive")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string().contains("SafeLog"))
    })
}

/// Inserts `text` at `at` (1-based line, 0-based column) of `file`.
fn insert(file: &Path, at: LineColumn, text: &str) -> Option<()> {
    let content = fs::read_to_string(file).ok()?;
    let source = crate::source::Source::new(&content);
    let offset = source.offset(crate::source::Position::of(at));
    let mut out = content.clone();
    out.insert_str(offset, text);
    fs::write(file, out).ok()
}

/// `#[derive(safe_log::SafeLog)]` on the package's type `name`.
fn derive(
    dir: &Path,
    name: &str,
    error: &BuildError,
    derived: &mut BTreeSet<String>,
) -> Option<String> {
    let (file, at) = definition(dir, name)?;
    let content = fs::read_to_string(&file).ok()?;
    let line = content.lines().nth(at.line.checked_sub(1)?)?;
    let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
    // Before the line of `pub enum Frame`, after its other attributes.
    insert(
        &file,
        LineColumn {
            line: at.line,
            column: 0,
        },
        &format!("{indent}#[derive(safe_log::SafeLog)]\n"),
    )?;
    derived.insert(name.to_owned());
    Some(format!(
        "derived `SafeLog` for `{name}` ({}:{}): it is logged at {}:{}",
        shown(dir, &file),
        at.line,
        shown(dir, &error.file),
        error.line
    ))
}

/// `#[safe_log(skip)]` on the field at the error, when it is a field of a
/// type this run derived (its type is another crate's, with no log form).
fn skip_field(dir: &Path, error: &BuildError, derived: &BTreeSet<String>) -> Option<String> {
    let content = fs::read_to_string(&error.file).ok()?;
    let (parsed, _) = crate::scan::parse(&content).ok()?;
    let mut found = None;
    visit_fields(
        &parsed.items,
        &mut |owner: &syn::Ident, field: &syn::Field| {
            let span = field.ty.span();
            let (start, end) = (span.start(), span.end());
            let inside = (start.line, start.column + 1) <= (error.line, error.column)
                && (error.line, error.column) <= (end.line, end.column + 1);
            if inside && derived.contains(&owner.to_string()) && found.is_none() {
                // Before its attributes and visibility: the field's start.
                let at = field.span().start();
                let name = field
                    .ident
                    .as_ref()
                    .map_or_else(|| "(unnamed)".to_owned(), ToString::to_string);
                found = Some((at, owner.to_string(), name));
            }
        },
    );
    let (at, owner, name) = found?;
    // Before the field's first attribute would also do; before its name is
    // where it is certain to be on the field.
    insert(&error.file, at, "#[safe_log(skip)] ")?;
    Some(format!(
        "skipped the field `{owner}.{name}` ({}:{}): its type is not the package's and has no log form, so it is no longer logged",
        shown(dir, &error.file),
        at.line
    ))
}

/// Calls `f` with each field of each struct and enum, and its owner's name.
fn visit_fields(items: &[syn::Item], f: &mut dyn FnMut(&syn::Ident, &syn::Field)) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                for field in &s.fields {
                    f(&s.ident, field);
                }
            }
            syn::Item::Enum(e) => {
                for variant in &e.variants {
                    for field in &variant.fields {
                        f(&e.ident, field);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    visit_fields(inner, f);
                }
            }
            _ => {}
        }
    }
}

/// `skip(name)` in the `#[safe_log::instrument]` of the function whose
/// argument `name` is at the error.
fn skip_argument(dir: &Path, error: &BuildError, name: &str) -> Option<String> {
    let content = fs::read_to_string(&error.file).ok()?;
    let (parsed, _) = crate::scan::parse(&content).ok()?;
    let mut target: Option<(Vec<syn::Attribute>, String)> = None;
    let mut check = |attrs: &[syn::Attribute], sig: &syn::Signature| {
        let span = sig.span();
        if span.start().line <= error.line && error.line <= span.end().line {
            target = Some((attrs.to_vec(), sig.ident.to_string()));
        }
    };
    functions(&parsed.items, &mut check);
    let (attrs, function) = target?;
    let attr = attrs.iter().find(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "instrument")
    })?;
    let (at, text) = match &attr.meta {
        syn::Meta::Path(path) => (path.span().end(), format!("(skip({name}))")),
        syn::Meta::List(list) => {
            let tokens = list.tokens.to_string();
            let open = list.delimiter.span().open().end();
            if tokens.trim().is_empty() {
                (open, format!("skip({name})"))
            } else if let Some(skip) = list
                .tokens
                .clone()
                .into_iter()
                .collect::<Vec<_>>()
                .windows(2)
                .find_map(|pair| match pair {
                    [
                        proc_macro2::TokenTree::Ident(ident),
                        proc_macro2::TokenTree::Group(group),
                    ] if ident == "skip" => Some(group.span_open().end()),
                    _ => None,
                })
            {
                (skip, format!("{name}, "))
            } else {
                (open, format!("skip({name}), "))
            }
        }
        syn::Meta::NameValue(_) => return None,
    };
    insert(&error.file, at, &text)?;
    Some(format!(
        "skipped the argument `{name}` of `{function}` ({}:{}): its type is not the package's and has no log form, so it is no longer recorded",
        shown(dir, &error.file),
        error.line
    ))
}

/// Calls `f` with each function's attributes and signature.
fn functions(items: &[syn::Item], f: &mut dyn FnMut(&[syn::Attribute], &syn::Signature)) {
    for item in items {
        match item {
            syn::Item::Fn(function) => f(&function.attrs, &function.sig),
            syn::Item::Impl(block) => {
                for item in &block.items {
                    if let syn::ImplItem::Fn(method) = item {
                        f(&method.attrs, &method.sig);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    functions(inner, f);
                }
            }
            _ => {}
        }
    }
}

/// `file` relative to `dir`, when it is inside it.
fn shown(dir: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    relative
        .strip_prefix(".")
        .unwrap_or(relative)
        .display()
        .to_string()
}
