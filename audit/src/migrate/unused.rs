//! Imports of tracing and log that a migration leaves unused: a glob
//! (`use log::*;`) whose names the file no longer uses, and a name
//! (`use tracing::field::display;`) the file used before and no longer
//! does. A crate that denies `unused_imports` would otherwise fail to build.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;

use crate::source::{Position, Source};

/// The names of tracing's and log's public items a glob import brings.
const TRACING_NAMES: &[&str] = &[
    "Level",
    "Span",
    "Event",
    "Subscriber",
    "Dispatch",
    "Instrument",
    "Value",
    "Metadata",
    "field",
    "span",
    "event",
    "subscriber",
    "dispatcher",
    "instrument",
    "level_filters",
    "callsite",
    "Callsite",
    "enabled",
    "event_enabled",
    "span_enabled",
    "error",
    "warn",
    "info",
    "debug",
    "trace",
    "error_span",
    "warn_span",
    "info_span",
    "debug_span",
    "trace_span",
];

const LOG_NAMES: &[&str] = &[
    "Level",
    "LevelFilter",
    "Log",
    "Metadata",
    "MetadataBuilder",
    "Record",
    "RecordBuilder",
    "SetLoggerError",
    "ParseLevelError",
    "STATIC_MAX_LEVEL",
    "max_level",
    "set_max_level",
    "logger",
    "set_logger",
    "set_boxed_logger",
    "kv",
    "log",
    "log_enabled",
    "error",
    "warn",
    "info",
    "debug",
    "trace",
];

/// The identifiers of a file's tokens outside its `use` items.
fn identifiers(tokens: TokenStream) -> HashSet<String> {
    fn walk(tokens: TokenStream, out: &mut HashSet<String>) {
        let mut in_use = false;
        // Colons just before: an identifier after `::` is a path's segment,
        // not a name an import brings.
        let mut colons = 0;
        for token in tokens {
            let colon = matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
            match token {
                TokenTree::Ident(ident) if ident == "use" => in_use = true,
                TokenTree::Punct(punct) if in_use && punct.as_char() == ';' => in_use = false,
                _ if in_use => {}
                TokenTree::Ident(ident) if colons < 2 => {
                    out.insert(ident.to_string());
                }
                TokenTree::Group(group) => walk(group.stream(), out),
                TokenTree::Ident(_) | TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
            colons = if colon { colons + 1 } else { 0 };
        }
    }
    let mut out = HashSet::new();
    walk(tokens, &mut out);
    out
}

/// The crate a `use` tree starts with, and the tree below it.
fn root(tree: &syn::UseTree) -> Option<(&'static str, &syn::UseTree)> {
    let syn::UseTree::Path(path) = tree else {
        return None;
    };
    let name = path.ident.to_string();
    let krate = match name.as_str() {
        "tracing" => "tracing",
        "log" => "log",
        _ => return None,
    };
    Some((krate, &path.tree))
}

/// The names a `use` tree brings (the last segment, or its alias), or
/// `None` for a glob or a nested group.
fn names(tree: &syn::UseTree, out: &mut Vec<String>) -> bool {
    match tree {
        syn::UseTree::Path(path) => names(&path.tree, out),
        syn::UseTree::Name(name) => {
            out.push(name.ident.to_string());
            true
        }
        syn::UseTree::Rename(rename) => {
            out.push(rename.rename.to_string());
            true
        }
        syn::UseTree::Group(group) => group.items.iter().all(|item| names(item, out)),
        syn::UseTree::Glob(_) => false,
    }
}

/// `after` without the tracing and log imports the migration left unused
/// (those `before` used, or a glob none of whose names is used).
pub(super) fn drop_unused(before: &str, after: &str) -> String {
    let (Ok((_, old)), Ok((new, new_tokens))) =
        (crate::scan::parse(before), crate::scan::parse(after))
    else {
        return after.to_owned();
    };
    let used_before = identifiers(old);
    let used_after = identifiers(new_tokens);
    let source = Source::new(after);
    let mut removals = Vec::new();
    for item in &new.items {
        let syn::Item::Use(item) = item else { continue };
        let Some((krate, below)) = root(&item.tree) else {
            continue;
        };
        let unused = if matches!(below, syn::UseTree::Glob(_)) {
            let api = if krate == "tracing" {
                TRACING_NAMES
            } else {
                LOG_NAMES
            };
            !api.iter().any(|name| used_after.contains(*name))
        } else {
            let mut imported = Vec::new();
            names(below, &mut imported)
                && !imported.is_empty()
                && imported
                    .iter()
                    .all(|name| used_before.contains(name) && !used_after.contains(name))
        };
        if unused {
            let span = item.span();
            let (from, to) = (
                source.offset(Position::of(span.start())),
                source.offset(Position::of(span.end())),
            );
            // The whole line, when the item is alone on it.
            let line_start = after[..from].rfind('\n').map_or(0, |at| at + 1);
            let line_end = after[to..].find('\n').map_or(after.len(), |at| to + at + 1);
            if after[line_start..from].trim().is_empty() && after[to..line_end].trim().is_empty() {
                removals.push((line_start, line_end));
            } else {
                removals.push((from, to));
            }
        }
    }
    let mut out = after.to_owned();
    for (from, to) in removals.into_iter().rev() {
        out.replace_range(from..to, "");
    }
    out
}
