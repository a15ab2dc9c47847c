//! The input of the logging macros, as the `macro_rules!` front end in the
//! runtime crate writes it: every argument already split by Rust's own
//! expression parser and tagged.
//!
//! ```text
//! krate [$crate] level [Level::INFO] (target ["ws"]) (parent [&span])
//! fields [ (field [a.b] [value]) (field ["quoted.key"] [value]) (short [a.b])
//!          (spread .. [record]) (sigil [key] ? [value]) ]
//! message [ "text {}" (pos [value]) (named name [value]) ]
//! ```

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::quote;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, bracketed, parenthesized};

/// What a call makes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// `safe_log!` and the level macros.
    Event,
    /// `span!` and the level span macros.
    Span,
    /// `record!`.
    Record,
}

pub(crate) struct CallInput {
    pub(crate) kind: CallKind,
    pub(crate) krate: TokenStream,
    pub(crate) level: TokenStream,
    /// `name:`, `target:`, `parent:`, in the order written.
    pub(crate) prefixes: Vec<Prefix>,
    pub(crate) fields: Vec<FieldArg>,
    pub(crate) message: Option<Message>,
}

/// `name: ...`, `target: ...` or `parent: ...` before the fields.
pub(crate) struct Prefix {
    pub(crate) word: Ident,
    pub(crate) value: TokenStream,
}

impl CallInput {
    /// The value of the prefix `word`, if written (the first one).
    pub(crate) fn prefix(&self, word: &str) -> Option<&TokenStream> {
        self.prefixes
            .iter()
            .find(|p| p.word == word)
            .map(|p| &p.value)
    }
}

pub(crate) enum FieldArg {
    /// `a.b = value` or `"a.b" = value`; `argument`: an argument of an
    /// instrumented function, whose error says to `skip` it.
    Named {
        key: Key,
        value: TokenStream,
        argument: bool,
    },
    /// `a.b`: shorthand for `a.b = a.b`.
    Short { key: Key },
    /// `..value`.
    Spread { value: TokenStream },
    /// `?value`, `%value`, `a = ?value`, `a = %value`.
    Sigil { sigil: proc_macro2::Punct },
}

/// A field's key: a dotted path of identifiers, or a string literal.
pub(crate) enum Key {
    Path(Vec<Ident>),
    Quoted(LitStr),
}

impl Key {
    /// The key as sinks see it: `a.b`.
    pub(crate) fn name(&self) -> String {
        match self {
            Key::Path(idents) => idents
                .iter()
                .map(|i| i.unraw().to_string())
                .collect::<Vec<_>>()
                .join("."),
            Key::Quoted(lit) => lit.value(),
        }
    }

    /// The shorthand's value: the same path, as an expression.
    pub(crate) fn expr(&self) -> TokenStream {
        match self {
            Key::Path(idents) => quote!(#(#idents).*),
            Key::Quoted(lit) => quote!(#lit),
        }
    }

    /// The tokens to span an error about the key on.
    pub(crate) fn span_tokens(&self) -> TokenStream {
        self.expr()
    }
}

pub(crate) struct Message {
    pub(crate) lit: LitStr,
    pub(crate) args: Vec<MessageArg>,
}

pub(crate) enum MessageArg {
    Positional(TokenStream),
    Named(Ident, TokenStream),
}

fn bracket(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let content;
    bracketed!(content in input);
    content.parse()
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        bracketed!(content in input);
        if content.peek(LitStr) {
            return Ok(Key::Quoted(content.parse()?));
        }
        let mut idents = Vec::new();
        while !content.is_empty() {
            idents.push(Ident::parse_any(&content)?);
            if content.peek(Token![.]) {
                content.parse::<Token![.]>()?;
            }
        }
        Ok(Key::Path(idents))
    }
}

impl Parse for FieldArg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        parenthesized!(content in input);
        let kind = Ident::parse_any(&content)?;
        match kind.to_string().as_str() {
            word @ ("field" | "argument") => {
                let key = content.parse()?;
                let value = bracket(&content)?;
                Ok(FieldArg::Named {
                    key,
                    value,
                    argument: word == "argument",
                })
            }
            "short" => Ok(FieldArg::Short {
                key: content.parse()?,
            }),
            "spread" => {
                content.parse::<Token![..]>()?;
                let value = bracket(&content)?;
                Ok(FieldArg::Spread { value })
            }
            "sigil" => {
                let _key: TokenStream = bracket(&content)?;
                let sigil: proc_macro2::Punct = content.parse()?;
                let _value = bracket(&content)?;
                Ok(FieldArg::Sigil { sigil })
            }
            other => Err(syn::Error::new(
                kind.span(),
                format!("unexpected `{other}`"),
            )),
        }
    }
}

impl Parse for MessageArg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        parenthesized!(content in input);
        let kind = Ident::parse_any(&content)?;
        if kind == "named" {
            let name = Ident::parse_any(&content)?;
            Ok(MessageArg::Named(name, bracket(&content)?))
        } else {
            Ok(MessageArg::Positional(bracket(&content)?))
        }
    }
}

impl Parse for CallInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut kind = CallKind::Event;
        let mut krate = TokenStream::new();
        let mut level = TokenStream::new();
        let mut prefixes = Vec::new();
        let mut fields = Vec::new();
        let mut message = None;
        while !input.is_empty() {
            if input.peek(syn::token::Paren) {
                let content;
                parenthesized!(content in input);
                let word = Ident::parse_any(&content)?;
                let value = bracket(&content)?;
                prefixes.push(Prefix { word, value });
                continue;
            }
            let word = Ident::parse_any(input)?;
            match word.to_string().as_str() {
                "krate" => krate = bracket(input)?,
                "kind" => {
                    let content;
                    bracketed!(content in input);
                    let word = Ident::parse_any(&content)?;
                    kind = match word.to_string().as_str() {
                        "span" => CallKind::Span,
                        "record" => CallKind::Record,
                        _ => CallKind::Event,
                    };
                }
                "level" => level = bracket(input)?,
                "fields" => {
                    let content;
                    bracketed!(content in input);
                    while !content.is_empty() {
                        fields.push(content.parse()?);
                    }
                }
                "message" => {
                    let content;
                    bracketed!(content in input);
                    if !content.is_empty() {
                        let lit = content.parse()?;
                        let mut args = Vec::new();
                        while !content.is_empty() {
                            args.push(content.parse()?);
                        }
                        message = Some(Message { lit, args });
                    }
                }
                other => {
                    return Err(syn::Error::new(
                        word.span(),
                        format!("unexpected `{other}`"),
                    ));
                }
            }
        }
        Ok(CallInput {
            kind,
            krate,
            level,
            prefixes,
            fields,
            message,
        })
    }
}

/// The tokens of a value without the invisible groups `macro_rules!` wraps
/// an `expr` fragment in.
pub(crate) fn unwrap(value: &TokenStream) -> TokenStream {
    let mut tokens = value.clone().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Group(group)), None) if group.delimiter() == Delimiter::None => {
            unwrap(&group.stream())
        }
        _ => value.clone(),
    }
}

/// Where a value starts and ends: its first and last tokens' spans, to
/// report a problem on the whole value. A value comes from `macro_rules!`
/// wrapped in an invisible group whose own span is the whole macro call.
pub(crate) fn value_spans(value: &TokenStream) -> (Span, Span) {
    let tokens: Vec<TokenTree> = unwrap(value).into_iter().collect();
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => (first.span(), last.span()),
        _ => (Span::call_site(), Span::call_site()),
    }
}

/// Where a value starts.
pub(crate) fn value_span(value: &TokenStream) -> Span {
    value_spans(value).0
}

/// Whether evaluating `value` leaves the expression it is written in: a
/// `?` or an `.await` (outside a closure or an async block of its own).
pub(crate) fn has_control_flow(value: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = value.clone().into_iter().collect();
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        match token {
            TokenTree::Punct(p) if p.as_char() == '?' => return true,
            TokenTree::Punct(p) if p.as_char() == '.' => {
                if let Some(TokenTree::Ident(ident)) = tokens.get(i + 1) {
                    if ident == "await" {
                        return true;
                    }
                }
            }
            // A closure's body is its own: `|x| x?` leaves the closure.
            TokenTree::Punct(p) if p.as_char() == '|' => return false,
            TokenTree::Ident(ident) if ident == "async" => return false,
            TokenTree::Group(group) if has_control_flow(&group.stream()) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_control_flow;

    #[test]
    fn control_flow_is_found_outside_closures_only() {
        let yes = |s: &str| has_control_flow(&s.parse().unwrap());
        assert!(yes("read()?"));
        assert!(yes("fetch().await"));
        assert!(yes("f(g()?)"));
        assert!(yes("x.await.len()"));
        assert!(!yes("a.b"));
        assert!(!yes("items.iter().map(|x| x.parse::<u8>().ok()?)"));
        assert!(!yes("async { x.await }"));
        assert!(!yes("awaited.len()"));
    }
}
