//! One file's findings: parse it, resolve its imports, walk every macro call
//! and every `#[instrument]`, read their arguments token by token.
//!
//! Macro arguments are token trees, not Rust syntax, so the arguments of
//! tracing's and log's macros are read the way those macros read them:
//! prefixes (`target:`, `parent:`, `name:`, `logger:`), the level of
//! `event!`/`log!`, fields up to the message, the message and its format
//! arguments (for log, key-values before a `;`). Calls of macros the audit
//! does not know (`tokio::select!`, a local `macro_rules!` wrapper and its
//! definition) are searched for nested logging calls.

use proc_macro2::{Delimiter, LineColumn, Spacing, TokenStream, TokenTree};
use syn::visit::Visit;

use crate::finding::Draft;
use crate::format::{self, Arg};
use crate::imports::{Crate, CrateNames, Imports};
use crate::rules::Rule;
use crate::source::{Position, Source};

/// What the audit knows about a macro.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// tracing's `error!` ... `trace!`, `event!`.
    TracingEvent(&'static str),
    /// tracing's `span!`, `info_span!`, ...; `bool`: takes a level first.
    TracingSpan(bool),
    /// log's `error!` ... `trace!`, `log!`.
    LogEvent(&'static str),
    /// `println!`, `eprintln!`, `print!`, `eprint!`.
    Print(&'static str),
    /// `format!`, `format_args!`: checked inside logging calls.
    Format,
}

const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

fn classify(krate: Crate, path: &[String]) -> Option<Kind> {
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
        Crate::TracingAttributes | Crate::Local | Crate::Other => None,
    }
}

/// The kind of the macro at `path`: a logging macro however it is named, or
/// a macro of the package that forwards to one.
fn resolve(
    imports: &Imports<'_>,
    crates: &CrateNames,
    leading_colon: bool,
    path: &[String],
) -> Option<Kind> {
    if let [name] = path {
        if !imports.imports(name) {
            if let Some(kind) = crates.wrapper(name) {
                return Some(kind);
            }
        }
    }
    let known = |krate, path: &[String]| classify(krate, path).is_some();
    let (krate, path) = imports.resolve(leading_colon, path, known)?;
    if krate == Crate::Local {
        return crates.wrapper(path.last()?);
    }
    classify(krate, &path)
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
fn level_of(tokens: &[TokenTree]) -> &'static str {
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

fn is_instrument(krate: Crate, path: &[String]) -> bool {
    matches!(krate, Crate::Tracing | Crate::TracingAttributes) && path == ["instrument"]
}

/// The result of scanning one file.
pub(crate) struct Scanned {
    pub(crate) drafts: Vec<Draft>,
    pub(crate) lines: usize,
    /// `in_literal[line]`: the line is inside a multi-line string literal.
    pub(crate) in_literal: Vec<bool>,
}

/// Scans one file's text.
pub(crate) fn scan(source: &Source<'_>, text: &str, crates: &CrateNames, strict: bool) -> Scanned {
    let lines = source.line_count();
    let mut in_literal = Vec::new();
    let drafts = match parse(text) {
        Ok((file, tokens)) => {
            literal_lines(tokens, &mut in_literal);
            let imports = Imports::collect(&file, crates);
            let mut scanner = Scanner {
                source,
                imports: &imports,
                crates,
                strict,
                drafts: Vec::new(),
            };
            scanner.visit_file(&file);
            scanner.drafts
        }
        Err(error) => {
            let at = Position::of(error.span().start());
            vec![Draft {
                rule: Rule::UnparsedFile,
                start: at,
                end: Position {
                    line: at.line,
                    column: at.column + 1,
                },
                anchor: at.line,
                message: format!("the file does not parse ({error}); it was not checked"),
                help:
                    "fix the syntax error, or exclude the file with a .ignore entry if it is not \
                       Rust"
                        .to_owned(),
                replacement: None,
            }]
        }
    };
    Scanned {
        drafts,
        lines,
        in_literal,
    }
}

/// Parses a file as `syn::parse_file` does (a byte order mark and a
/// shebang line are skipped), keeping its tokens.
pub(crate) fn parse(text: &str) -> syn::Result<(syn::File, TokenStream)> {
    let mut content = text.strip_prefix('\u{feff}').unwrap_or(text);
    if content.starts_with("#!") && !content[2..].trim_start().starts_with('[') {
        // The newline stays, so that lines keep their numbers.
        content = content.find('\n').map_or("", |at| &content[at..]);
    }
    let tokens: TokenStream = match content.parse() {
        Ok(tokens) => tokens,
        Err(_) => return syn::parse_file(content).map(|file| (file, TokenStream::new())),
    };
    if let Some((span, message)) = too_deep(&tokens) {
        return Err(syn::Error::new(span, message));
    }
    let file = syn::parse2(tokens.clone())?;
    Ok((file, tokens))
}

/// How deep brackets may nest, and how many operators one expression may
/// chain: the parser, the visitor and the syntax tree's drop recurse once per
/// level, and a stack overflow would abort the whole audit. Real code stays
/// far below both; generated code sometimes does not.
const MAX_DEPTH: usize = 2000;
const MAX_CHAIN: usize = 20_000;

/// The first place where brackets nest deeper than [`MAX_DEPTH`] or an
/// expression chains more than [`MAX_CHAIN`] operators, found without
/// recursion.
fn too_deep(tokens: &TokenStream) -> Option<(proc_macro2::Span, String)> {
    // Per level: the tokens left, and the operators since the last `,`, `;`
    // or `{...}`.
    let mut stack = vec![(tokens.clone().into_iter(), 0usize)];
    while let Some((top, chain)) = stack.last_mut() {
        match top.next() {
            Some(TokenTree::Group(group)) => {
                if group.delimiter() == Delimiter::Brace {
                    // A block or an item body ends an expression.
                    *chain = 0;
                }
                if stack.len() > MAX_DEPTH {
                    let message = format!(
                        "brackets nest more than {MAX_DEPTH} levels deep, more than the audit reads"
                    );
                    return Some((group.span_open(), message));
                }
                stack.push((group.stream().into_iter(), 0));
            }
            Some(TokenTree::Punct(punct)) => {
                if matches!(punct.as_char(), ',' | ';') {
                    *chain = 0;
                } else {
                    *chain += 1;
                    if *chain > MAX_CHAIN {
                        let message = format!(
                            "an expression chains more than {MAX_CHAIN} operators, more than the audit reads"
                        );
                        return Some((punct.span(), message));
                    }
                }
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    None
}

/// Marks the lines that lie inside a string literal, after the line it
/// starts on: a `// safe-log:` there is text, not a comment.
fn literal_lines(tokens: TokenStream, in_literal: &mut Vec<bool>) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => literal_lines(group.stream(), in_literal),
            TokenTree::Literal(literal) => {
                let span = literal.span();
                let (start, end) = (span.start().line, span.end().line);
                if end > start {
                    if in_literal.len() <= end {
                        in_literal.resize(end + 1, false);
                    }
                    in_literal[start + 1..=end].fill(true);
                }
            }
            _ => {}
        }
    }
}

struct Scanner<'a> {
    source: &'a Source<'a>,
    imports: &'a Imports<'a>,
    crates: &'a CrateNames,
    strict: bool,
    drafts: Vec<Draft>,
}

/// A macro call: its path and its argument tokens.
struct Call<'t> {
    leading_colon: bool,
    path: Vec<String>,
    start: LineColumn,
    path_end: LineColumn,
    args: &'t [TokenTree],
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let Some(first) = mac.path.segments.first() else {
            return;
        };
        let start = match &mac.path.leading_colon {
            Some(colons) => colons.spans[0].start(),
            None => first.ident.span().start(),
        };
        let path_end = mac.bang_token.spans[0].start();
        let args: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
        let call = Call {
            leading_colon: mac.path.leading_colon.is_some(),
            path: mac
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect(),
            start,
            path_end,
            args: &args,
        };
        self.call(&call, false);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.instrument(&item.attrs, &item.sig);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.instrument(&item.attrs, &item.sig);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.instrument(&item.attrs, &item.sig);
        syn::visit::visit_trait_item_fn(self, item);
    }
}

impl Scanner<'_> {
    fn resolve(&self, leading_colon: bool, path: &[String]) -> Option<Kind> {
        resolve(self.imports, self.crates, leading_colon, path)
    }

    fn push(
        &mut self,
        rule: Rule,
        (start, end): (LineColumn, LineColumn),
        anchor: LineColumn,
        message: String,
        help: String,
        replacement: Option<String>,
    ) {
        self.drafts.push(Draft {
            rule,
            start: Position::of(start),
            end: Position::of(end),
            anchor: anchor.line,
            message,
            help,
            replacement,
        });
    }

    /// The source text of a run of tokens, whitespace collapsed.
    fn text(&self, tokens: &[TokenTree]) -> String {
        match span_of(tokens) {
            Some((start, end)) => self.source.snippet(Position::of(start), Position::of(end)),
            None => String::new(),
        }
    }

    fn call(&mut self, call: &Call<'_>, inside_log: bool) {
        match self.resolve(call.leading_colon, &call.path) {
            Some(Kind::Format) if inside_log => {
                self.message(call, call.args, Rule::DebugFormat, "format");
            }
            Some(kind @ (Kind::TracingEvent(_) | Kind::TracingSpan(_) | Kind::LogEvent(_))) => {
                self.logging(call, kind);
                self.nested(call.args, true);
                return;
            }
            Some(Kind::Print(name)) => {
                self.message(call, call.args, Rule::PrintDebugFormat, name);
            }
            Some(Kind::Format) | None => {}
        }
        self.nested(call.args, inside_log);
    }

    /// Finds macro calls among tokens: `path ! (group)`.
    fn nested(&mut self, tokens: &[TokenTree], inside_log: bool) {
        for (i, token) in tokens.iter().enumerate() {
            let TokenTree::Group(group) = token else {
                continue;
            };
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            if let Some(call) = call_before(tokens, i, &inner) {
                self.call(&call, inside_log);
            } else {
                self.nested(&inner, inside_log);
            }
        }
    }

    fn logging(&mut self, call: &Call<'_>, kind: Kind) {
        let path_text = call.path.join("::");
        if self.strict {
            let (instead, note) = match kind {
                Kind::TracingEvent("event") | Kind::LogEvent("log") => (
                    "safe_log::safe_log!".to_owned(),
                    " with a `safe_log::Level`",
                ),
                Kind::TracingEvent(level) | Kind::LogEvent(level) => {
                    (format!("safe_log::{level}!"), "")
                }
                _ => (String::new(), ""),
            };
            if !instead.is_empty() {
                let log_note = if matches!(kind, Kind::LogEvent(_)) && has_top_level(call.args, ';')
                {
                    "; log's `key = value; \"message\"` is written `key = value, \"message\"`"
                } else {
                    ""
                };
                self.push(
                    Rule::UnmigratedEvent,
                    (call.start, call.path_end),
                    call.start,
                    format!(
                        "`{path_text}!` accepts values that are formatted at run time, unchecked"
                    ),
                    format!(
                        "write `{instead}`{note}: the same syntax, every value checked at \
                         compile time{log_note}"
                    ),
                    Some(instead),
                );
            }
        }

        // Log: key-values, `;`, then the message.
        let (head, message) = match kind {
            Kind::LogEvent(_) => match split_once_top_level(call.args, ';') {
                Some((head, tail)) => (head, Some(tail)),
                None => (call.args, None),
            },
            _ => (call.args, None),
        };
        let mut segments = split_top_level(head, ',').into_iter().peekable();
        while segments.peek().is_some_and(|segment| is_prefix(segment)) {
            segments.next();
        }
        if matches!(
            kind,
            Kind::TracingEvent("event") | Kind::LogEvent("log") | Kind::TracingSpan(true)
        ) {
            segments.next();
        }
        if matches!(kind, Kind::TracingSpan(_)) {
            // The span's name.
            if segments.peek().is_some_and(|segment| is_str(segment)) {
                segments.next();
            }
        }
        // Messages name the macro as the code writes it.
        let name = call.path.last().map_or("", String::as_str);
        let mut rest = Vec::new();
        let mut in_message = false;
        for segment in segments {
            if in_message {
                rest.push(segment);
            } else if message.is_none() && is_str(segment) && !matches!(kind, Kind::TracingSpan(_))
            {
                in_message = true;
                rest.push(segment);
            } else if let [TokenTree::Group(group)] = segment {
                if group.delimiter() == Delimiter::Brace {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    for field in split_top_level(&inner, ',') {
                        self.field(call, field);
                    }
                } else {
                    self.field(call, segment);
                }
            } else {
                self.field(call, segment);
            }
        }
        if let Some(message) = message {
            self.message(call, message, Rule::DebugFormat, name);
        } else if in_message {
            let flat: Vec<TokenTree> = rest.join(&comma()[..]);
            self.message(call, &flat, Rule::DebugFormat, name);
        }
    }

    /// Checks a format string and its arguments (`tokens` starts at the
    /// literal) for Debug placeholders.
    fn message(&mut self, call: &Call<'_>, tokens: &[TokenTree], rule: Rule, name: &str) {
        let segments = split_top_level(tokens, ',');
        let Some((first, args)) = segments.split_first() else {
            return;
        };
        let [TokenTree::Literal(literal)] = first else {
            return;
        };
        let raw = literal.to_string();
        if !format::is_str_literal(&raw) {
            return;
        }
        let origin = literal.span().start();
        for placeholder in format::placeholders(&raw).into_iter().filter(|p| p.debug) {
            let start = advance(origin, &raw[..placeholder.start]);
            let end = advance(start, &raw[placeholder.start..placeholder.end]);
            let (key, value) = match &placeholder.arg {
                Arg::Next(index) | Arg::Index(index) => match args.get(*index) {
                    Some(arg) => named_arg(arg),
                    None => (None, &[][..]),
                },
                Arg::Named(named) => {
                    let value = args.iter().find_map(|arg| match named_arg(arg) {
                        (Some(key), value) if &key == named => Some(value),
                        _ => None,
                    });
                    (Some(named.clone()), value.unwrap_or(&[]))
                }
            };
            if is_constant(value) {
                continue;
            }
            let value = match (&placeholder.arg, value.is_empty()) {
                (Arg::Named(named), true) => Some(named.clone()),
                (_, true) => None,
                (_, false) => Some(self.text(value)),
            };
            let value = value.unwrap_or_else(|| "the argument".to_owned());
            let key = key.unwrap_or_else(|| key_for(&value));
            let text = &placeholder.text;
            let (message, help) = if rule == Rule::PrintDebugFormat {
                (
                    format!(
                        "`{text}` in `{name}!` prints `{value}` with Debug: ad-hoc logging, unchecked"
                    ),
                    format!(
                        "log it through safe_log instead, as a field: `safe_log::info!({key} = {value}, \"...\")` \
                         with a type that implements SafeLog"
                    ),
                )
            } else {
                let place = if name == "format" {
                    "in a `format!` among the arguments of a logging call".to_owned()
                } else {
                    format!("in the message of `{name}!`")
                };
                (
                    format!(
                        "`{text}` {place} formats `{value}` with Debug when the event is emitted"
                    ),
                    format!(
                        "move it into a field, `{key} = {value}`, in a safe_log macro (its type must \
                         implement SafeLog), and drop the placeholder"
                    ),
                )
            };
            let replacement = format!("{key} = {value}");
            self.push(
                rule,
                (start, end),
                call.start,
                message,
                help,
                Some(replacement),
            );
        }
    }

    /// Checks one field of a tracing or log macro.
    fn field(&mut self, call: &Call<'_>, tokens: &[TokenTree]) {
        let Some(first) = tokens.first() else { return };
        if let Some(sigil @ ('?' | '%')) = punct(first) {
            if is_constant(&tokens[1..]) {
                return;
            }
            let value = self.text(&tokens[1..]);
            let key = key_for(&value);
            let replacement = if is_ident(&value) {
                value.clone()
            } else {
                format!("{key} = {value}")
            };
            self.sigil(
                call,
                tokens,
                sigil,
                &format!("{sigil}{value}"),
                &value,
                replacement,
            );
            return;
        }
        let eq = assignment(tokens);
        let (key, value) = match eq {
            Some(i) => (&tokens[..i], Some(&tokens[i + 1..])),
            None => (tokens, None),
        };
        // log's captures: `key:? = value`, `key:%`, `key:serde = value`.
        if let [.., colon, capture] = key {
            // `:` of either spacing (`:?` is joint), but not a path's `::`.
            let lone_colon = key.len() >= 3
                && punct(colon) == Some(':')
                && punct(capture) != Some(':')
                && !is_punct(&key[key.len() - 3], ':', Spacing::Joint);
            if lone_colon {
                let name = self.text(&key[..key.len() - 2]);
                let value_text = value.map_or_else(|| name.clone(), |value| self.text(value));
                let capture_text = capture.to_string();
                let rule = match capture_text.as_str() {
                    "?" => Some(Rule::DebugField),
                    "%" | "err" => Some(Rule::DisplayField),
                    "serde" | "sval" => Some(Rule::SerdeField),
                    _ => None,
                };
                if let Some(rule) = rule.filter(|_| !value.is_some_and(is_constant)) {
                    let end = value
                        .and_then(span_of)
                        .map_or(capture.span().end(), |(_, end)| end);
                    let how = match rule {
                        Rule::DebugField => "with Debug",
                        Rule::SerdeField => "through its serializer",
                        _ => "with Display",
                    };
                    let shown = self.text(tokens);
                    self.push(
                        rule,
                        (colon.span().start(), end),
                        call.start,
                        format!(
                            "`{shown}` captures `{value_text}` {how} when the event is emitted"
                        ),
                        format!(
                            "write `{name} = {value_text}` in a safe_log macro, with a type that \
                             implements SafeLog"
                        ),
                        Some(format!("{name} = {value_text}")),
                    );
                }
                return;
            }
        }
        let Some(value) = value else { return };
        let Some(first) = value.first() else { return };
        let key = self.text(key);
        if let Some(sigil @ ('?' | '%')) = punct(first) {
            if is_constant(&value[1..]) {
                return;
            }
            let value_text = self.text(&value[1..]);
            let replacement = format!("{key} = {value_text}");
            self.sigil(
                call,
                value,
                sigil,
                &format!("{key} = {sigil}{value_text}"),
                &value_text,
                replacement,
            );
            return;
        }
        // `key = tracing::field::debug(value)`.
        if let [path @ .., TokenTree::Group(args)] = value {
            if args.delimiter() == Delimiter::Parenthesis {
                if let Some((leading_colon, segments)) = path_of(path) {
                    let known = |krate, path: &[String]| {
                        krate == Crate::Tracing
                            && (path == ["field", "debug"] || path == ["field", "display"])
                    };
                    if let Some((_, resolved)) = self
                        .imports
                        .resolve(leading_colon, &segments, known)
                        .filter(|(krate, path)| known(*krate, path))
                    {
                        let sigil = if resolved[1] == "debug" { '?' } else { '%' };
                        let inner: Vec<TokenTree> = args.stream().into_iter().collect();
                        let value_text = self.text(&inner);
                        let value_text = value_text
                            .strip_prefix('&')
                            .unwrap_or(&value_text)
                            .to_owned();
                        let shown = format!("{key} = {}", self.text(value));
                        let replacement = format!("{key} = {value_text}");
                        self.sigil(call, value, sigil, &shown, &value_text, replacement);
                    }
                }
            }
        }
    }

    fn sigil(
        &mut self,
        call: &Call<'_>,
        tokens: &[TokenTree],
        sigil: char,
        shown: &str,
        value: &str,
        replacement: String,
    ) {
        let Some(span) = span_of(tokens) else { return };
        let (rule, how) = if sigil == '?' {
            (Rule::DebugField, "Debug")
        } else {
            (Rule::DisplayField, "Display")
        };
        let help = if sigil == '?' {
            format!(
                "derive `SafeLog` for its type (or log a primitive taken from it), then write \
                 `{replacement}` in a safe_log macro"
            )
        } else {
            format!(
                "write `{replacement}` in a safe_log macro with a log-safe value: a primitive, or a \
                 type that implements SafeLog (`#[safe_log(display)]` keeps Display for a field you \
                 know is safe)"
            )
        };
        self.push(
            rule,
            span,
            call.start,
            format!("`{shown}` formats `{value}` with {how} when the event is emitted"),
            help,
            Some(replacement),
        );
    }

    /// Checks the `#[instrument]` attributes of a function.
    fn instrument(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature) {
        for attr in attrs {
            let start = attr.pound_token.spans[0].start();
            let end = attr.bracket_token.span.close().end();
            self.instrument_meta(&attr.meta, sig, (start, end));
        }
    }

    fn instrument_meta(
        &mut self,
        meta: &syn::Meta,
        sig: &syn::Signature,
        span: (LineColumn, LineColumn),
    ) {
        let path = meta.path();
        if path.is_ident("cfg_attr") {
            if let syn::Meta::List(list) = meta {
                let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
                for attr in split_top_level(&tokens, ',').into_iter().skip(1) {
                    let stream: TokenStream = attr.iter().cloned().collect();
                    if let Ok(meta) = syn::parse2::<syn::Meta>(stream) {
                        self.instrument_meta(&meta, sig, span);
                    }
                }
            }
            return;
        }
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let resolved = self
            .imports
            .resolve(path.leading_colon.is_some(), &segments, is_instrument);
        if !resolved.is_some_and(|(krate, path)| is_instrument(krate, &path)) {
            return;
        }
        let args: Vec<TokenTree> = match meta {
            syn::Meta::Path(_) => Vec::new(),
            syn::Meta::List(list) => list.tokens.clone().into_iter().collect(),
            syn::Meta::NameValue(_) => return,
        };
        let call = Call {
            leading_colon: false,
            path: segments,
            start: span.0,
            path_end: span.1,
            args: &args,
        };
        let mut skip_all = false;
        let mut skips = Vec::new();
        let mut field_names = Vec::new();
        for option in split_top_level(&args, ',') {
            let Some(TokenTree::Ident(name)) = option.first() else {
                continue;
            };
            let inner: Vec<TokenTree> = match option.get(1) {
                Some(TokenTree::Group(group)) => group.stream().into_iter().collect(),
                _ => Vec::new(),
            };
            match name.to_string().as_str() {
                "skip_all" => skip_all = true,
                "skip" => skips.extend(inner.iter().filter_map(|token| match token {
                    TokenTree::Ident(ident) => Some(ident.to_string()),
                    _ => None,
                })),
                "fields" => {
                    for field in split_top_level(&inner, ',') {
                        self.field(&call, field);
                        let key_len = assignment(field).unwrap_or(field.len());
                        if let [TokenTree::Ident(key)] = &field[..key_len] {
                            field_names.push(key.to_string());
                        }
                    }
                }
                option_name @ ("ret" | "err") => {
                    let mode = inner.iter().find_map(|token| match token {
                        TokenTree::Ident(ident) if ident == "Debug" || ident == "Display" => {
                            Some(ident.to_string())
                        }
                        _ => None,
                    });
                    let debug = match option_name {
                        "ret" => mode.as_deref() != Some("Display"),
                        _ => mode.as_deref() == Some("Debug"),
                    };
                    if debug {
                        let what = if option_name == "ret" {
                            "the return value"
                        } else {
                            "the error"
                        };
                        let shown = self.text(option);
                        let fix = format!("{option_name}(Display)");
                        self.push(
                            Rule::InstrumentRet,
                            span_of(option).unwrap_or(span),
                            span.0,
                            format!("`{shown}` in `#[instrument]` records {what} with Debug"),
                            format!(
                                "write `{fix}` if its Display is log-safe, or drop `{option_name}` and log \
                                 {what} with a safe_log macro"
                            ),
                            Some(fix),
                        );
                    }
                }
                _ => {}
            }
        }
        if skip_all {
            return;
        }
        let debug: Vec<String> = params(sig)
            .into_iter()
            .filter(|(name, debug)| *debug && !skips.contains(name) && !field_names.contains(name))
            .map(|(name, _)| name)
            .collect();
        if debug.is_empty() {
            return;
        }
        let list = debug
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let skip = format!("skip({})", debug.join(", "));
        let plural = if debug.len() == 1 {
            "argument"
        } else {
            "arguments"
        };
        self.push(
            Rule::InstrumentArgs,
            span,
            span.0,
            format!(
                "`#[instrument]` records the {plural} {list} of `{}` with Debug",
                sig.ident
            ),
            format!(
                "add `{skip}` (or `skip_all`) to the attribute and record log-safe values with \
                 `fields(...)`"
            ),
            Some(skip),
        );
    }
}

/// The parameters `#[instrument]` records, and whether it records each with
/// Debug (what tracing-attributes does: a parameter whose type is a path
/// ending in a primitive's name, or a reference to one, is recorded as a
/// value; `self` and the bindings of destructuring patterns with Debug).
fn params(sig: &syn::Signature) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => out.push(("self".to_owned(), true)),
            syn::FnArg::Typed(typed) => bindings(&typed.pat, !is_value_type(&typed.ty), &mut out),
        }
    }
    out
}

fn bindings(pat: &syn::Pat, debug: bool, out: &mut Vec<(String, bool)>) {
    match pat {
        syn::Pat::Ident(ident) => out.push((ident.ident.to_string(), debug)),
        syn::Pat::Reference(reference) => bindings(&reference.pat, debug, out),
        syn::Pat::Struct(pat) => {
            for field in &pat.fields {
                bindings(&field.pat, true, out);
            }
        }
        syn::Pat::Tuple(pat) => {
            for elem in &pat.elems {
                bindings(elem, true, out);
            }
        }
        syn::Pat::TupleStruct(pat) => {
            for elem in &pat.elems {
                bindings(elem, true, out);
            }
        }
        _ => {}
    }
}

/// tracing-attributes' list of types recorded as values, not with Debug.
const VALUE_TYPES: [&str; 30] = [
    "bool",
    "str",
    "u8",
    "i8",
    "u16",
    "i16",
    "u32",
    "i32",
    "u64",
    "i64",
    "u128",
    "i128",
    "f32",
    "f64",
    "usize",
    "isize",
    "String",
    "NonZeroU8",
    "NonZeroI8",
    "NonZeroU16",
    "NonZeroI16",
    "NonZeroU32",
    "NonZeroI32",
    "NonZeroU64",
    "NonZeroI64",
    "NonZeroU128",
    "NonZeroI128",
    "NonZeroUsize",
    "NonZeroIsize",
    "Wrapping",
];

fn is_value_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| VALUE_TYPES.iter().any(|name| segment.ident == name)),
        syn::Type::Reference(reference) => is_value_type(&reference.elem),
        syn::Type::Paren(paren) => is_value_type(&paren.elem),
        _ => false,
    }
}

/// `path ! (group)` ending at `tokens[group]`.
fn call_before<'t>(tokens: &[TokenTree], group: usize, args: &'t [TokenTree]) -> Option<Call<'t>> {
    if group < 2 || !is_punct(&tokens[group - 1], '!', Spacing::Alone) {
        return None;
    }
    let TokenTree::Ident(last) = &tokens[group - 2] else {
        return None;
    };
    let mut path = vec![last.to_string()];
    let mut start = last.span().start();
    let mut i = group - 2;
    let mut leading_colon = false;
    while i >= 2
        && is_punct(&tokens[i - 1], ':', Spacing::Alone)
        && is_punct(&tokens[i - 2], ':', Spacing::Joint)
    {
        start = tokens[i - 2].span().start();
        match i.checked_sub(3).map(|j| &tokens[j]) {
            Some(TokenTree::Ident(ident)) => {
                path.insert(0, ident.to_string());
                start = ident.span().start();
                i -= 3;
            }
            _ => {
                leading_colon = true;
                break;
            }
        }
    }
    // `$crate::error!` inside a macro definition names the defining crate.
    if i >= 1 && !leading_colon && is_punct(&tokens[i - 1], '$', Spacing::Alone) {
        return None;
    }
    Some(Call {
        leading_colon,
        path,
        start,
        path_end: tokens[group - 1].span().start(),
        args,
    })
}

/// The index of the first `=` that is an assignment (`key = value`), not
/// part of `==`, `<=`, `+=`, `=>` and the like. `k=?v` makes the `=` joint.
fn assignment(tokens: &[TokenTree]) -> Option<usize> {
    tokens.iter().enumerate().position(|(i, token)| {
        let TokenTree::Punct(eq) = token else {
            return false;
        };
        let after_operator =
            i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
        let before_operator = eq.spacing() == Spacing::Joint
            && matches!(tokens.get(i + 1).and_then(punct), Some('=' | '>'));
        eq.as_char() == '=' && !after_operator && !before_operator
    })
}

fn punct(token: &TokenTree) -> Option<char> {
    match token {
        TokenTree::Punct(punct) => Some(punct.as_char()),
        _ => None,
    }
}

fn is_punct(token: &TokenTree, c: char, spacing: Spacing) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == c && punct.spacing() == spacing)
}

fn is_str(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Literal(literal)] if format::is_str_literal(&literal.to_string()))
}

fn is_ident(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A key for a value in a replacement: `state` for `self.state`, `peer` for
/// `conn.peer()`, `value` when there is no name to take.
fn key_for(value: &str) -> String {
    let trimmed = value.trim_start_matches(['&', '*']).trim_end_matches("()");
    let last = trimmed.rsplit(['.', ':']).next().unwrap_or(trimmed);
    if is_ident(last) && last != "self" {
        last.to_owned()
    } else {
        "value".to_owned()
    }
}

/// A format argument: `name = value` gives both, `value` only the value.
fn named_arg(tokens: &[TokenTree]) -> (Option<String>, &[TokenTree]) {
    if let [TokenTree::Ident(name), _, value @ ..] = tokens {
        if assignment(tokens) == Some(1) && !value.is_empty() {
            return (Some(name.to_string()), value);
        }
    }
    (None, tokens)
}

/// A literal or `true`/`false`: a primitive whatever the formatting, nothing
/// for the audit to flag.
fn is_constant(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Literal(_)] => true,
        [TokenTree::Punct(minus), TokenTree::Literal(_)] => minus.as_char() == '-',
        [TokenTree::Ident(ident)] => ident == "true" || ident == "false",
        _ => false,
    }
}

/// `target: ...`, `parent: ...`, `name: ...`, `logger: ...`.
fn is_prefix(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Ident(ident), colon, next, ..] => {
            matches!(
                ident.to_string().as_str(),
                "target" | "parent" | "name" | "logger"
            ) && is_punct(colon, ':', Spacing::Alone)
                && !matches!(next, TokenTree::Punct(p) if matches!(p.as_char(), '?' | '%'))
        }
        _ => false,
    }
}

fn path_of(tokens: &[TokenTree]) -> Option<(bool, Vec<String>)> {
    let mut segments = Vec::new();
    let mut leading_colon = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(ident) => {
                segments.push(ident.to_string());
                i += 1;
            }
            token
                if is_punct(token, ':', Spacing::Joint)
                    && tokens
                        .get(i + 1)
                        .is_some_and(|t| is_punct(t, ':', Spacing::Alone)) =>
            {
                if segments.is_empty() {
                    leading_colon = true;
                }
                i += 2;
            }
            _ => return None,
        }
    }
    (!segments.is_empty()).then_some((leading_colon, segments))
}

fn span_of(tokens: &[TokenTree]) -> Option<(LineColumn, LineColumn)> {
    Some((tokens.first()?.span().start(), tokens.last()?.span().end()))
}

/// The position after `text`, starting at `at`.
fn advance(mut at: LineColumn, text: &str) -> LineColumn {
    for c in text.chars() {
        if c == '\n' {
            at.line += 1;
            at.column = 0;
        } else {
            at.column += 1;
        }
    }
    at
}

fn comma() -> [TokenTree; 1] {
    [TokenTree::Punct(proc_macro2::Punct::new(
        ',',
        Spacing::Alone,
    ))]
}

fn has_top_level(tokens: &[TokenTree], c: char) -> bool {
    tokens.iter().any(|token| punct(token) == Some(c))
}

fn split_once_top_level(tokens: &[TokenTree], c: char) -> Option<(&[TokenTree], &[TokenTree])> {
    let at = tokens.iter().position(|token| punct(token) == Some(c))?;
    Some((&tokens[..at], &tokens[at + 1..]))
}

/// Splits at the top-level separators (groups are single tokens already),
/// keeping commas inside a turbofish's `<...>` together.
fn split_top_level(tokens: &[TokenTree], c: char) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut angle = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match punct(token) {
            Some('<')
                if i >= 2
                    && is_punct(&tokens[i - 1], ':', Spacing::Alone)
                    && is_punct(&tokens[i - 2], ':', Spacing::Joint) =>
            {
                angle += 1;
            }
            Some('<') if angle > 0 => angle += 1,
            Some('>') if angle > 0 && !(i > 0 && is_punct(&tokens[i - 1], '-', Spacing::Joint)) => {
                angle -= 1;
            }
            Some(p) if p == c && angle == 0 => {
                out.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}
