//! What `cargo safe-log migrate` changes in a logging call, found by the
//! same reading of its arguments as the audit: the macro's path, log's
//! level and `;`, the sigils, log's captures, `field::debug(x)`, the Debug
//! placeholders of the message, and `#[instrument]`'s options.
//!
//! Each rewrite is an edit of the tokens it changes, by position, so that
//! everything else in the file stays as written.

use proc_macro2::{LineColumn, TokenTree};

use crate::format;
use crate::source::Position;

use super::classify::Via;
use super::tokens::{advance, is_prefix, path_of, punct, split_once_top_level, split_top_level};
use super::{Call, Kind, Scanner};

/// The rewrites of one file.
#[derive(Debug, Default)]
pub(crate) struct Rewrites {
    pub(crate) edits: Vec<Edit>,
    pub(crate) left: Vec<Left>,
    /// Decisions the rewrite made that a reviewer should read (two keys
    /// merged): where, and what.
    pub(crate) merged: Vec<(Position, String)>,
    /// The calls of log's macros rewritten.
    pub(crate) log_calls: usize,
}

/// Replace the text from `start` to `end` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edit {
    pub(crate) start: Position,
    pub(crate) end: Position,
    pub(crate) text: String,
}

/// Code the migration does not rewrite, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Left {
    pub(crate) start: Position,
    pub(crate) end: Position,
    pub(crate) reason: String,
}

/// log's level names, and `safe_log`'s (tracing's) for each.
const LOG_LEVELS: [(&str, &str); 5] = [
    ("Error", "ERROR"),
    ("Warn", "WARN"),
    ("Info", "INFO"),
    ("Debug", "DEBUG"),
    ("Trace", "TRACE"),
];

impl Scanner<'_> {
    /// Records an edit when migrating.
    pub(super) fn edit(&mut self, start: LineColumn, end: LineColumn, text: impl Into<String>) {
        if let Some(rewrites) = &mut self.rewrites {
            rewrites.edits.push(Edit {
                start: Position::of(start),
                end: Position::of(end),
                text: text.into(),
            });
        }
    }

    /// Records code left for a person when migrating.
    pub(super) fn merged(&mut self, at: LineColumn, what: String) {
        if let Some(rewrites) = &mut self.rewrites {
            rewrites.merged.push((Position::of(at), what));
        }
    }

    pub(super) fn leave(&mut self, (start, end): (LineColumn, LineColumn), reason: String) {
        if let Some(rewrites) = &mut self.rewrites {
            rewrites.left.push(Left {
                start: Position::of(start),
                end: Position::of(end),
                reason,
            });
        }
    }

    /// Deletes a token and the whitespace after it: `?` in `? x`.
    pub(super) fn delete_token(&mut self, tokens: &[TokenTree]) {
        if let Some(first) = tokens.first() {
            let end = tokens
                .get(1)
                .map_or(first.span().end(), |next| next.span().start());
            self.edit(first.span().start(), end, "");
        }
    }

    /// The call's own edits when migrating: the macro's path, log's level and
    /// `;`. Returns `false`, with the reason recorded, for a call that cannot
    /// be migrated: none of its tokens is then changed.
    pub(super) fn migrate_call(&mut self, call: &Call<'_>, kind: Kind, via: Via) -> bool {
        if self.rewrites.is_none() {
            return true;
        }
        let (head, semicolon) = match kind {
            Kind::LogEvent(_) => match split_once_top_level(call.args, ';') {
                Some((head, _)) => (head, call.args.get(head.len())),
                None => (call.args, None),
            },
            _ => (call.args, None),
        };
        let segments = split_top_level(head, ',');
        let prefixes = segments.iter().take_while(|s| is_prefix(s)).count();
        let whole = (call.start, call.path_end);
        if let Some(logger) = segments[..prefixes]
            .iter()
            .find(|segment| matches!(segment.first(), Some(TokenTree::Ident(i)) if i == "logger"))
        {
            let at = (logger[0].span().start(), logger[0].span().end());
            self.leave(
                at,
                "log's `logger:` has no safe_log equivalent: log through the global subscriber, \
                 or keep this call and allow it"
                    .to_owned(),
            );
            return false;
        }
        let event_like = matches!(kind, Kind::TracingEvent("event") | Kind::LogEvent("log"));
        if kind == Kind::LogEvent("log") {
            let level = segments.get(prefixes).copied().unwrap_or_default();
            let Some(upper) = log_level(level) else {
                let shown = self.text(level);
                self.leave(
                    whole,
                    format!(
                        "the level `{shown}` is not one of log's `Level::Error` ... \
                         `Level::Trace`: write `safe_log::safe_log!` with a `safe_log::Level` \
                         by hand"
                    ),
                );
                return false;
            };
            let (start, end) = (level[0].span().start(), level[level.len() - 1].span().end());
            self.edit(start, end, format!("safe_log::Level::{upper}"));
        }
        if let Some(semicolon) = semicolon {
            self.edit(semicolon.span().start(), semicolon.span().end(), ",");
        }
        // An imported `span` that the file also uses as a module keeps its
        // import (see `migrate::uses`): the call is renamed instead.
        let kept_import = via == Via::Import
            && kind == Kind::TracingSpan(true)
            && self.source.names_a_module(&call.path[0]);
        let renamed = match (via, event_like) {
            (Via::Import, false) if kept_import => Some("span"),
            (Via::Wrapper, _) | (Via::Import, false) => None,
            (_, true) => Some("safe_log"),
            (Via::Path, false) => call.path.last().map(String::as_str),
        };
        if let Some(name) = renamed {
            self.edit(call.start, call.path_end, format!("safe_log::{name}"));
        }
        if let (Some(rewrites), Kind::LogEvent(_)) = (&mut self.rewrites, kind) {
            rewrites.log_calls += 1;
        }
        true
    }

    /// When migrating, rewrites the Debug placeholders of a logging call's
    /// message (`{:?}` to `{}`), and leaves the other formatting traits for
    /// a person.
    pub(super) fn migrate_message(&mut self, literal: &proc_macro2::Literal) {
        if self.rewrites.is_none() {
            return;
        }
        let raw = literal.to_string();
        let origin = literal.span().start();
        for placeholder in format::placeholders(&raw) {
            let start = advance(origin, &raw[..placeholder.start]);
            let end = advance(start, &placeholder.text);
            if placeholder.debug {
                self.edit(start, end, format::display_placeholder(&placeholder.text));
            } else if let Some(kind) = format::other_trait(&placeholder.text) {
                self.leave(
                    (start, end),
                    format!(
                        "`{}` formats with `{kind}`: a pointer has no log form; log what it \
                         points to, or an id",
                        placeholder.text
                    ),
                );
            }
        }
    }

    /// When migrating, `#[instrument]`'s path and its `err(Debug)` and
    /// `ret(Debug)`: `safe_log` records an error by its chain and a value by
    /// its log form.
    pub(super) fn migrate_instrument(&mut self, path: &syn::Path, options: &[&[TokenTree]]) {
        if self.rewrites.is_none() {
            return;
        }
        // An imported `instrument` keeps its name, unless the file also uses
        // it as tracing's module and the import stays.
        let imported = path.leading_colon.is_none()
            && path.segments.len() == 1
            && self.imports.imports(&path.segments[0].ident.to_string())
            && !self
                .source
                .names_a_module(&path.segments[0].ident.to_string());
        if !imported {
            let start = match &path.leading_colon {
                Some(colons) => colons.spans[0].start(),
                None => path.segments[0].ident.span().start(),
            };
            let end = path.segments[path.segments.len() - 1].ident.span().end();
            self.edit(start, end, "safe_log::instrument");
        }
        for option in options {
            let [TokenTree::Ident(name), TokenTree::Group(group)] = option else {
                continue;
            };
            if name != "err" && name != "ret" {
                continue;
            }
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let parts = split_top_level(&inner, ',');
            let is_debug =
                |part: &&[TokenTree]| matches!(part, [TokenTree::Ident(i)] if i == "Debug");
            if parts.len() == 1 && is_debug(&parts[0]) {
                // `err(Debug)` is `err`.
                self.edit(group.span_open().start(), group.span_close().end(), "");
                continue;
            }
            // `err(Debug, level = "warn")`: the `Debug` and its comma go.
            if let Some(at) = inner
                .iter()
                .position(|token| matches!(token, TokenTree::Ident(i) if i == "Debug"))
            {
                let end = match inner.get(at + 1) {
                    Some(comma) if punct(comma) == Some(',') => inner
                        .get(at + 2)
                        .map_or(comma.span().end(), |next| next.span().start()),
                    _ => inner[at].span().end(),
                };
                self.edit(inner[at].span().start(), end, "");
            }
        }
    }

    /// `tracing::field::Empty`: a span field recorded later, which `safe_log`
    /// declares with its type.
    pub(super) fn is_empty_field(&self, value: &[TokenTree]) -> bool {
        let Some((leading_colon, segments)) = path_of(value) else {
            return false;
        };
        let known = |krate, path: &[String]| {
            krate == crate::imports::Crate::Tracing && path == ["field", "Empty"]
        };
        self.imports
            .resolve(leading_colon, &segments, known)
            .is_some_and(|(krate, path)| known(krate, &path))
    }
}

/// The `safe_log` level for log's level expression `Level::Info`,
/// `log::Level::Warn`: the last segment of a path.
fn log_level(tokens: &[TokenTree]) -> Option<&'static str> {
    let (_, segments) = path_of(tokens)?;
    let last = segments.last()?;
    LOG_LEVELS
        .iter()
        .find(|(name, _)| name == last)
        .map(|(_, upper)| *upper)
}
