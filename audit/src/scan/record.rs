//! tracing's run-time formatting outside its macros: `span.record("k",
//! field::display(x))` and any `tracing::field::debug(x)` or
//! `field::display(x)` call. Both write a value's `Debug` or `Display` text
//! into a span or an event, unchecked; `safe_log::record!` checks it.

use syn::spanned::Spanned;
use syn::visit::Visit;

use crate::imports::Crate;
use crate::rules::Rule;
use crate::source::Position;

use super::Scanner;

/// Which of tracing's field functions a call is: `'?'` for `debug`, `'%'`
/// for `display`.
fn sigil(name: &str) -> char {
    if name == "debug" { '?' } else { '%' }
}

impl Scanner<'_> {
    /// The sigil of a call of `tracing::field::debug` or `display`, however
    /// it is named in the file.
    fn tracing_field_fn(&self, call: &syn::ExprCall) -> Option<char> {
        let syn::Expr::Path(path) = &*call.func else {
            return None;
        };
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let known = |krate, path: &[String]| {
            krate == Crate::Tracing && (path == ["field", "debug"] || path == ["field", "display"])
        };
        let (_, resolved) = self
            .imports
            .resolve(path.path.leading_colon.is_some(), &segments, known)
            .filter(|(krate, path)| known(*krate, path))?;
        Some(sigil(&resolved[1]))
    }

    /// The source text of a syntax node, whitespace collapsed.
    fn node_text(&self, node: &impl Spanned) -> String {
        let span = node.span();
        self.source
            .snippet(Position::of(span.start()), Position::of(span.end()))
    }

    /// `receiver.record(name, field::display(value))`: returns whether the
    /// call was one, reported with its `safe_log::record!` form.
    pub(super) fn span_record(&mut self, call: &syn::ExprMethodCall) -> bool {
        if call.method != "record" || call.args.len() != 2 {
            return false;
        }
        let syn::Expr::Call(value) = &call.args[1] else {
            return false;
        };
        let Some(sigil) = self.tracing_field_fn(value) else {
            return false;
        };
        let receiver = self.node_text(&*call.receiver);
        let key = match &call.args[0] {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }) => {
                let name = name.value();
                if name.split('.').all(super::tokens::is_ident) {
                    name
                } else {
                    format!("{name:?}")
                }
            }
            other => format!("/* {} */", self.node_text(other)),
        };
        let inner = value
            .args
            .iter()
            .map(|arg| self.node_text(arg))
            .collect::<Vec<_>>()
            .join(", ");
        let inner = inner.strip_prefix('&').unwrap_or(&inner).to_owned();
        let (rule, how) = if sigil == '?' {
            (Rule::DebugField, "Debug")
        } else {
            (Rule::DisplayField, "Display")
        };
        let replacement = format!("safe_log::record!({receiver}, {key} = {inner})");
        let span = call.span();
        // Migrating: the call becomes its checked twin.
        self.edit(span.start(), span.end(), replacement.clone());
        let shown = self.node_text(call);
        self.push(
            rule,
            (span.start(), span.end()),
            span.start(),
            format!("`{shown}` records `{inner}` into the span with {how}, unchecked"),
            format!(
                "write `{replacement}`, which checks the value's type at compile time (the span \
                 declares the field with `safe_log::empty::<T>()`)"
            ),
            Some(replacement),
        );
        for arg in &value.args {
            self.visit_expr(arg);
        }
        self.visit_expr(&call.receiver);
        true
    }

    /// Any other call of `tracing::field::debug` or `display`.
    pub(super) fn field_function_call(&mut self, call: &syn::ExprCall) {
        let Some(sigil) = self.tracing_field_fn(call) else {
            return;
        };
        let (rule, how) = if sigil == '?' {
            (Rule::DebugField, "Debug")
        } else {
            (Rule::DisplayField, "Display")
        };
        let span = call.span();
        let shown = self.node_text(call);
        self.push(
            rule,
            (span.start(), span.end()),
            span.start(),
            format!("`{shown}` formats a value with {how} for tracing, unchecked"),
            "log the value through a safe_log macro (or `safe_log::record!` into a span), where \
             its type is checked at compile time"
                .to_owned(),
            None,
        );
    }
}

/// The value a `record` call records: `display(&x)`, `debug(x)`, `&x`, `x`
/// give `x` when it is a plain name.
fn recorded_name(value: &syn::Expr) -> Option<String> {
    match value {
        syn::Expr::Call(call) if call.args.len() == 1 => recorded_name(&call.args[0]),
        syn::Expr::Reference(reference) => recorded_name(&reference.expr),
        syn::Expr::Paren(paren) => recorded_name(&paren.expr),
        syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// A parameter's type as `safe_log::empty::<T>()` takes it: references
/// taken off (`&'a str` gives `str`).
fn declared_type(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Reference(reference) => declared_type(&reference.elem),
        syn::Type::Paren(paren) => declared_type(&paren.elem),
        other => other,
    }
}

/// Finds the `record` calls of a function body: (key, recorded name).
struct Records {
    calls: Vec<(String, String)>,
}

impl<'ast> Visit<'ast> for Records {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "record" && call.args.len() == 2 {
            if let (
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(key),
                    ..
                }),
                Some(name),
            ) = (&call.args[0], recorded_name(&call.args[1]))
            {
                self.calls.push((key.value(), name));
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `safe_log::record!(span, key = name)`, from an earlier run.
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "record")
        {
            let tokens: Vec<proc_macro2::TokenTree> = mac.tokens.clone().into_iter().collect();
            for field in super::tokens::split_top_level(&tokens, ',')
                .into_iter()
                .skip(1)
            {
                if let [
                    proc_macro2::TokenTree::Ident(key),
                    proc_macro2::TokenTree::Punct(eq),
                    proc_macro2::TokenTree::Ident(name),
                ] = field
                {
                    if eq.as_char() == '=' {
                        self.calls.push((key.to_string(), name.to_string()));
                    }
                }
            }
        }
    }
}

impl Scanner<'_> {
    /// Enters a function: learns the type each span field is recorded with
    /// from its parameters; returns what to restore on leaving.
    pub(super) fn enter_fn(
        &mut self,
        sig: &syn::Signature,
        body: &syn::Block,
    ) -> std::collections::HashMap<String, String> {
        let mut params = std::collections::HashMap::new();
        for input in &sig.inputs {
            if let syn::FnArg::Typed(typed) = input {
                if let syn::Pat::Ident(pat) = &*typed.pat {
                    params.insert(pat.ident.to_string(), declared_type(&typed.ty));
                }
            }
        }
        let mut types = self.recorded_types.clone();
        if !params.is_empty() {
            let mut records = Records { calls: Vec::new() };
            records.visit_block(body);
            let calls = records.calls;
            for (key, name) in calls {
                if let Some(ty) = params.get(&name) {
                    let text = self.node_text(*ty);
                    types.insert(key, text);
                }
            }
        }
        std::mem::replace(&mut self.recorded_types, types)
    }

    /// `safe_log::empty::<T>()` for a span field `key` whose recorded type
    /// this function tells.
    pub(super) fn empty_for(&self, key: &str) -> Option<String> {
        self.recorded_types
            .get(key)
            .map(|ty| format!("safe_log::empty::<{ty}>()"))
    }
}
