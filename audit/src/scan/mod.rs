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

use proc_macro2::{Delimiter, LineColumn, TokenStream, TokenTree};
use syn::visit::Visit;

use crate::finding::Draft;
use crate::imports::{CrateNames, Imports};
use crate::rules::Rule;
use crate::source::{Position, Source};

mod args;
mod classify;
mod credentials;
mod instrument;
mod record;
mod rewrite;
mod tokens;

pub(crate) use self::classify::{Imported, migrated_name, wrappers};
use self::classify::{Via, resolve};
pub(crate) use self::rewrite::{Edit, Rewrites};
use self::tokens::{call_before, span_of};

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
                rewrites: None,
                recorded_types: std::collections::HashMap::new(),
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

/// The rewrites `cargo safe-log migrate` makes in one parsed file: every
/// logging call and `#[instrument]` the audit finds, read the same way.
pub(crate) fn rewrites(
    source: &Source<'_>,
    file: &syn::File,
    imports: &Imports<'_>,
    crates: &CrateNames,
) -> Rewrites {
    let mut scanner = Scanner {
        source,
        imports,
        crates,
        strict: false,
        drafts: Vec::new(),
        rewrites: Some(Rewrites::default()),
        recorded_types: std::collections::HashMap::new(),
    };
    scanner.visit_file(file);
    scanner.rewrites.unwrap_or_default()
}

struct Scanner<'a> {
    source: &'a Source<'a>,
    imports: &'a Imports<'a>,
    crates: &'a CrateNames,
    strict: bool,
    drafts: Vec<Draft>,
    /// `Some` when migrating: the edits, and what is left for a person.
    rewrites: Option<Rewrites>,
    /// In the function being scanned: the type of the value each span
    /// field is recorded with (`span.record("id", display(&id))` with an
    /// argument `id: u64` gives `id` -> `u64`), for its `field::Empty`.
    recorded_types: std::collections::HashMap<String, String>,
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

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.span_record(call) {
            return;
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if self.rewrites.is_none() {
            self.field_function_call(call);
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.credential_fields(&item.attrs, &item.fields);
        syn::visit::visit_item_struct(self, item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        for variant in &item.variants {
            self.credential_fields(&item.attrs, &variant.fields);
        }
        syn::visit::visit_item_enum(self, item);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.instrument(&item.attrs, &item.sig);
        let outer = self.enter_fn(&item.sig, &item.block);
        syn::visit::visit_item_fn(self, item);
        self.recorded_types = outer;
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.instrument(&item.attrs, &item.sig);
        let outer = self.enter_fn(&item.sig, &item.block);
        syn::visit::visit_impl_item_fn(self, item);
        self.recorded_types = outer;
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.instrument(&item.attrs, &item.sig);
        syn::visit::visit_trait_item_fn(self, item);
    }
}

impl Scanner<'_> {
    fn resolve(&self, leading_colon: bool, path: &[String]) -> Option<(Kind, Via)> {
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
            Some((Kind::Format, _)) if inside_log => {
                self.message(call, call.args, Rule::DebugFormat, "format");
            }
            Some((
                kind @ (Kind::TracingEvent(_) | Kind::TracingSpan(_) | Kind::LogEvent(_)),
                via,
            )) => {
                // A call left for a person keeps every token as written.
                let kept = if self.migrate_call(call, kind, via) {
                    None
                } else {
                    self.rewrites.take()
                };
                self.logging(call, kind);
                if kept.is_some() {
                    self.rewrites = kept;
                }
                self.nested(call.args, true);
                return;
            }
            Some((Kind::Print(name), _)) => {
                self.message(call, call.args, Rule::PrintDebugFormat, name);
            }
            Some((Kind::Format, _)) => {}
            None => {
                if self.safe_log_call(call) {
                    self.nested(call.args, true);
                    return;
                }
            }
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
}
