//! Which macro a path names: tracing's and log's macros, prints, format
//! macros, `#[instrument]`, and the crate's own forwarding wrappers.

use proc_macro2::TokenTree;
use syn::visit::Visit;

use crate::imports::{Crate, CrateNames, Imports};

use super::Kind;
use super::tokens::{call_before, is_prefix, punct, split_top_level};

pub(super) const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

pub(super) fn classify(krate: Crate, path: &[String]) -> Option<Kind> {
    let [name] = path else { return None };
    let level = || LEVELS.iter().copied().find(|level| level == name);
    match krate {
        Crate::Tracing => match name.as_str() {
            "event" => Some(Kind::TracingEvent("event")),
            "span" => Some(Kind::TracingSpan(true)),
            _ if name.ends_with("_span") && LEVELS.contains(&name.trim_end_matches("_span")) => {
                Some(Kind::TracingSpan(false))
            }
            _ => level().map(Kind::TracingEvent),
        },
        Crate::Log => match name.as_str() {
            "log" => Some(Kind::LogEvent("log")),
            _ => level().map(Kind::LogEvent),
        },
        Crate::Std => match name.as_str() {
            "println" => Some(Kind::Print("println")),
            "eprintln" => Some(Kind::Print("eprintln")),
            "print" => Some(Kind::Print("print")),
            "eprint" => Some(Kind::Print("eprint")),
            "format" | "format_args" => Some(Kind::Format),
            _ => None,
        },
        Crate::TracingAttributes | Crate::SafeLog | Crate::Local | Crate::Other => None,
    }
}

/// How a call names a logging macro, which decides what migrating renames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// A macro of the package that forwards to one: its definition is
    /// migrated, its calls keep its name.
    Wrapper,
    /// A name brought in by a `use`: the `use` is migrated.
    Import,
    /// A path, a glob import or `#[macro_use]`: the call's path is replaced.
    Path,
}

/// The kind of the macro at `path`: a logging macro however it is named, or
/// a macro of the package that forwards to one; and how it is named.
pub(super) fn resolve(
    imports: &Imports<'_>,
    crates: &CrateNames,
    leading_colon: bool,
    path: &[String],
) -> Option<(Kind, Via)> {
    let known = |krate, path: &[String]| classify(krate, path).is_some();
    if let [name] = path {
        if !imports.imports(name) {
            // The file's own glob import (`use log::*;`) is what the name
            // means there, whatever macros other modules of the package
            // define under it.
            if let Some((krate, resolved)) = imports.glob(name, known) {
                return Some((classify(krate, &resolved)?, Via::Path));
            }
            if let Some(kind) = crates.wrapper(name) {
                return Some((kind, Via::Wrapper));
            }
        }
    }
    let (krate, resolved) = imports.resolve(leading_colon, path, known)?;
    if krate == Crate::Local {
        return Some((crates.wrapper(resolved.last()?)?, Via::Wrapper));
    }
    let via = match path {
        [name] if !leading_colon && imports.imports(name) => Via::Import,
        _ => Via::Path,
    };
    Some((classify(krate, &resolved)?, via))
}

/// What an imported logging macro of tracing or log becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Imported {
    /// The same macro under `safe_log::name`.
    Same(String),
    /// A macro that `safe_log::safe_log!` replaces (`event!`, `log!`): the
    /// import goes, the calls are renamed.
    Dropped,
}

/// What an imported item of tracing or log becomes in `safe_log`; `None`
/// for an item that is not a logging macro.
pub(crate) fn migrated_name(krate: Crate, path: &[String]) -> Option<Imported> {
    if is_instrument(krate, path) {
        return Some(Imported::Same("instrument".to_owned()));
    }
    match classify(krate, path)? {
        Kind::TracingEvent("event") | Kind::LogEvent("log") => Some(Imported::Dropped),
        Kind::TracingEvent(_) | Kind::LogEvent(_) | Kind::TracingSpan(_) => {
            path.last().map(|name| Imported::Same(name.clone()))
        }
        Kind::Print(_) | Kind::Format => None,
    }
}

/// The package's macros that forward to a logging macro, and its `pub use`
/// re-exports of logging macros, found in one file: hyper's
/// `macro_rules! debug { ($($arg:tt)+) => { tracing::debug!($($arg)+); } }`,
/// rustls's `pub(crate) use log::{debug, trace};`.
pub(crate) fn wrappers(file: &syn::File, crates: &CrateNames) -> Vec<(String, Kind)> {
    let imports = Imports::collect(file, crates);
    let mut found: Vec<(String, Kind)> = imports
        .reexports()
        .filter_map(|(name, (krate, path))| Some((name.to_owned(), classify(*krate, path)?)))
        .filter(|(_, kind)| !matches!(kind, Kind::Print(_) | Kind::Format))
        .collect();
    let mut finder = WrapperFinder {
        imports: &imports,
        crates,
        found: &mut found,
    };
    finder.visit_file(file);
    found
}

struct WrapperFinder<'a> {
    imports: &'a Imports<'a>,
    crates: &'a CrateNames,
    found: &'a mut Vec<(String, Kind)>,
}

impl<'ast> Visit<'ast> for WrapperFinder<'_> {
    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        let Some(name) = &item.ident else { return };
        if !item.mac.path.is_ident("macro_rules") {
            return;
        }
        let tokens: Vec<TokenTree> = item.mac.tokens.clone().into_iter().collect();
        if let Some(kind) = self.forwarded(&tokens) {
            self.found.push((name.to_string(), kind));
        }
    }
}

impl WrapperFinder<'_> {
    /// The logging macro a macro body forwards its arguments to: a call whose
    /// arguments contain a `$` (a metavariable or a repetition), after the
    /// prefixes and the level the wrapper supplies itself.
    fn forwarded(&self, tokens: &[TokenTree]) -> Option<Kind> {
        for (i, token) in tokens.iter().enumerate() {
            let TokenTree::Group(group) = token else {
                continue;
            };
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let call = call_before(tokens, i, &inner);
            let kind = call.as_ref().and_then(|call| {
                resolve(self.imports, self.crates, call.leading_colon, &call.path)
                    .map(|(kind, _)| kind)
            });
            let Some(kind @ (Kind::TracingEvent(_) | Kind::TracingSpan(_) | Kind::LogEvent(_))) =
                kind
            else {
                match self.forwarded(&inner) {
                    Some(kind) => return Some(kind),
                    None => continue,
                }
            };
            let Some(dollar) = inner.iter().position(|token| punct(token) == Some('$')) else {
                continue;
            };
            let supplied: Vec<&[TokenTree]> = split_top_level(&inner[..dollar], ',')
                .into_iter()
                .filter(|segment| !segment.is_empty() && !is_prefix(segment))
                .collect();
            let takes_level = matches!(
                kind,
                Kind::TracingEvent("event") | Kind::LogEvent("log") | Kind::TracingSpan(true)
            );
            return Some(match (kind, supplied.first()) {
                (Kind::TracingSpan(true), Some(_)) => Kind::TracingSpan(false),
                (Kind::TracingEvent(_), Some(level)) if takes_level => {
                    Kind::TracingEvent(level_of(level))
                }
                (Kind::LogEvent(_), Some(level)) if takes_level => Kind::LogEvent(level_of(level)),
                _ => kind,
            });
        }
        None
    }
}

/// The level named by an expression like `Level::DEBUG` or
/// `$crate::Level::Debug`; `info` when it cannot be read.
pub(super) fn level_of(tokens: &[TokenTree]) -> &'static str {
    tokens
        .iter()
        .rev()
        .find_map(|token| match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string().to_lowercase();
                LEVELS.iter().copied().find(|level| *level == name)
            }
            _ => None,
        })
        .unwrap_or("info")
}

pub(super) fn is_instrument(krate: Crate, path: &[String]) -> bool {
    matches!(krate, Crate::Tracing | Crate::TracingAttributes) && path == ["instrument"]
}
