//! The proc-macro half of `safe_log!`: checks what needs a proc macro (keys,
//! sigils, the message's placeholders) and generates the event. Its input is
//! written by the `macro_rules!` front end in the runtime crate, which has
//! already split the arguments with Rust's own expression parser.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Token, bracketed, parenthesized};

use crate::ctxt::Ctxt;
use crate::reserved::is_reserved;

pub(crate) struct EventInput {
    krate: TokenStream,
    level: TokenStream,
    target: Option<TokenStream>,
    fields: Vec<FieldArg>,
    message: Option<Message>,
}

enum FieldArg {
    /// `a.b = value`.
    Named { key: Key, value: TokenStream },
    /// `a.b`: shorthand for `a.b = a.b`.
    Short { key: Key },
    /// `..value`.
    Spread { value: TokenStream },
    /// `?value`, `%value`, `a = ?value`, `a = %value`.
    Sigil { sigil: proc_macro2::Punct },
}

struct Key {
    idents: Vec<Ident>,
}

impl Key {
    fn name(&self) -> String {
        self.idents
            .iter()
            .map(|i| i.unraw().to_string())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The shorthand's value: the same path, as an expression.
    fn expr(&self) -> TokenStream {
        let idents = &self.idents;
        quote!(#(#idents).*)
    }

    fn span_tokens(&self) -> TokenStream {
        let idents = &self.idents;
        quote!(#(#idents).*)
    }
}

struct Message {
    lit: LitStr,
    args: Vec<MessageArg>,
}

enum MessageArg {
    Positional(TokenStream),
    Named(Ident, TokenStream),
}

fn bracket(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let content;
    bracketed!(content in input);
    content.parse()
}

fn keyword(input: ParseStream<'_>, word: &str) -> syn::Result<()> {
    let ident = Ident::parse_any(input)?;
    if ident == word {
        Ok(())
    } else {
        Err(syn::Error::new(ident.span(), format!("expected `{word}`")))
    }
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        bracketed!(content in input);
        let mut idents = Vec::new();
        while !content.is_empty() {
            idents.push(Ident::parse_any(&content)?);
            if content.peek(Token![.]) {
                content.parse::<Token![.]>()?;
            }
        }
        Ok(Key { idents })
    }
}

impl Parse for FieldArg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        parenthesized!(content in input);
        let kind = Ident::parse_any(&content)?;
        match kind.to_string().as_str() {
            "field" => {
                let key = content.parse()?;
                let value = bracket(&content)?;
                Ok(FieldArg::Named { key, value })
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
                let _key: Key = content.parse()?;
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

impl Parse for EventInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        keyword(input, "krate")?;
        let krate = bracket(input)?;
        keyword(input, "level")?;
        let level = bracket(input)?;
        keyword(input, "target")?;
        let target = bracket(input)?;
        let target = (!target.is_empty()).then_some(target);

        keyword(input, "fields")?;
        let content;
        bracketed!(content in input);
        let mut fields = Vec::new();
        while !content.is_empty() {
            fields.push(content.parse()?);
        }

        keyword(input, "message")?;
        let content;
        bracketed!(content in input);
        let message = if content.is_empty() {
            None
        } else {
            let lit = content.parse()?;
            let mut args = Vec::new();
            while !content.is_empty() {
                args.push(content.parse()?);
            }
            Some(Message { lit, args })
        };
        Ok(EventInput {
            krate,
            level,
            target,
            fields,
            message,
        })
    }
}

pub(crate) fn expand(input: &EventInput) -> TokenStream {
    let cx = Ctxt::default();
    check_fields(&cx, &input.fields);
    let message = input
        .message
        .as_ref()
        .map(|m| message(&cx, &input.krate, m));
    if let Err(errors) = cx.check() {
        return errors.into_compile_error();
    }

    let krate = &input.krate;
    let level = &input.level;
    let target = input
        .target
        .clone()
        .unwrap_or_else(|| quote!(::core::module_path!()));
    let names = input.fields.iter().map(|f| match f {
        FieldArg::Named { key, .. } | FieldArg::Short { key } => key.name(),
        FieldArg::Spread { .. } | FieldArg::Sigil { .. } => String::new(),
    });
    let args = arg_list(krate, &input.fields);
    let has_message = message.is_some();
    let message = match message {
        Some(message) => quote!(::core::option::Option::Some(#message)),
        None => quote!(::core::option::Option::None),
    };

    quote! {
        {
            const __SAFE_LOG_LEVEL: #krate::Level = #level;
            static __SAFE_LOG_SITE: #krate::__private::Site = #krate::__private::Site::new(
                #krate::__private::SiteInfo {
                    name: ::core::concat!("event ", ::core::file!(), ":", ::core::line!()),
                    target: #target,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module_path: ::core::module_path!(),
                    level: __SAFE_LOG_LEVEL,
                    names: &[#(#names),*],
                    message: #has_message,
                },
            );
            if #krate::__private::level_enabled(__SAFE_LOG_LEVEL) {
                // The arguments are written once, in this closure: it is
                // called only if the event is enabled, and its type tells the
                // argument types (the schemas of its result) without a call.
                let __safe_log_event = |__safe_log_pending: ::core::option::Option<#krate::__private::Pending>| {
                    match #args {
                        __safe_log_args => {
                            if let ::core::option::Option::Some(__safe_log_pending) = __safe_log_pending {
                                __safe_log_pending.emit(&__safe_log_args, #message);
                            }
                            #krate::__private::probe(&__safe_log_args)
                        }
                    }
                };
                if let ::core::option::Option::Some(__safe_log_pending) =
                    __SAFE_LOG_SITE.interest(#krate::__private::schemas_of(&__safe_log_event))
                {
                    __safe_log_event(::core::option::Option::Some(__safe_log_pending));
                }
            }
        }
    }
}

/// Where to report a problem with a value: its first token. A value comes
/// from `macro_rules!` wrapped in an invisible group whose own span is the
/// whole macro call.
fn value_span(value: &TokenStream) -> proc_macro2::Span {
    let mut tokens = value.clone().into_iter();
    match tokens.next() {
        Some(proc_macro2::TokenTree::Group(group))
            if group.delimiter() == proc_macro2::Delimiter::None =>
        {
            value_span(&group.stream())
        }
        Some(token) => token.span(),
        None => proc_macro2::Span::call_site(),
    }
}

/// `(arg(&a), (arg(&b), ()))`, each checked at its value's span.
fn arg_list(krate: &TokenStream, fields: &[FieldArg]) -> TokenStream {
    let mut list = quote!(());
    for field in fields.iter().rev() {
        let item = match field {
            FieldArg::Named { value, .. } => {
                quote_spanned!(value_span(value)=> #krate::__private::arg(&(#value)))
            }
            FieldArg::Short { key } => {
                let expr = key.expr();
                quote_spanned!(expr.span()=> #krate::__private::arg(&(#expr)))
            }
            FieldArg::Spread { value, .. } => {
                quote_spanned!(value_span(value)=> #krate::__private::spread(&(#value)))
            }
            FieldArg::Sigil { .. } => continue,
        };
        list = quote!((#item, #list));
    }
    list
}

fn check_fields(cx: &Ctxt, fields: &[FieldArg]) {
    let mut seen = HashSet::new();
    for field in fields {
        match field {
            FieldArg::Named { key, .. } | FieldArg::Short { key } => {
                let name = key.name();
                if is_reserved(&name) {
                    let first = name.split('.').next().unwrap_or(&name);
                    cx.error_spanned_by(
                        key.span_tokens(),
                        format!(
                            "`{first}` is a reserved key: log sinks write their own `{first}` (Cloud Logging takes it out of the payload); rename this field"
                        ),
                    );
                } else if !seen.insert(name.clone()) {
                    cx.error_spanned_by(
                        key.span_tokens(),
                        format!("the key `{name}` appears twice in this event: rename one of them"),
                    );
                }
            }
            FieldArg::Sigil { sigil } => {
                let message = if sigil.as_char() == '?' {
                    "`?` formats a value with `Debug` at run time, which can fail, leak secrets and change shape silently: log a value that implements `SafeLog` instead (`name = value`), deriving `SafeLog` for your type"
                } else {
                    "`%` formats a value with `Display` at run time: log a value that implements `SafeLog` instead (`name = value`); to log a type's `Display` text on purpose, put it in a record field marked `#[safe_log(display)]`"
                };
                cx.error_spanned_by(sigil, message);
            }
            // A spread record's keys are known from its type only: the
            // callsite prefixes a reserved one with `_`.
            FieldArg::Spread { .. } => {}
        }
    }
}

/// `format_args!(lit, args...)` with every argument, the captured ones
/// included, checked for `SafeLog` and written as its text.
fn message(cx: &Ctxt, krate: &TokenStream, message: &Message) -> TokenStream {
    let lit = &message.lit;
    let placeholders = match placeholders(&lit.value()) {
        Ok(placeholders) => placeholders,
        Err(problem) => {
            cx.error_spanned_by(lit, problem);
            return TokenStream::new();
        }
    };
    let mut explicit: HashSet<String> = HashSet::new();
    let mut args = Vec::new();
    for arg in &message.args {
        match arg {
            MessageArg::Positional(value) => {
                args.push(
                    quote_spanned!(value_span(value)=> #krate::__private::message_arg(&(#value))),
                );
            }
            MessageArg::Named(name, value) => {
                explicit.insert(name.unraw().to_string());
                args.push(quote_spanned!(value_span(value)=> #name = #krate::__private::message_arg(&(#value))));
            }
        }
    }
    // `{name}` captures a variable; it gets the same check as the others.
    let mut captured = HashSet::new();
    for name in placeholders {
        if explicit.contains(&name) || !captured.insert(name.clone()) {
            continue;
        }
        let ident = Ident::new(&name, lit.span());
        args.push(quote_spanned!(lit.span()=> #ident = #krate::__private::message_arg(&#ident)));
    }
    quote!(::core::format_args!(#lit, #(#args),*))
}

/// The names captured by the `{name}` placeholders of a message; an error
/// for a placeholder that formats with anything but `Display`.
fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.as_bytes().first() == Some(&c) {
            // `{{` or `}}`: an escaped brace.
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            return Err("unmatched `}` in the message: write `}}` for a literal brace".to_owned());
        }
        let Some(end) = after.find('}') else {
            return Err("unmatched `{` in the message: write `{{` for a literal brace".to_owned());
        };
        let inner = &after[..end];
        let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
        if spec.ends_with('?') {
            return Err(format!(
                "`{{{inner}}}` formats a value with `Debug` at run time, which can fail, leak secrets and change shape silently: use `{{}}` with a value that implements `SafeLog`, or log it as a field"
            ));
        }
        if let Some(kind) = spec.chars().last().filter(char::is_ascii_alphabetic) {
            return Err(format!(
                "`{{{inner}}}` formats with `{kind}`: a message placeholder writes a log-safe value's text, `{{}}` with an optional width or precision"
            ));
        }
        let arg = arg.trim();
        if !arg.is_empty() && !arg.as_bytes()[0].is_ascii_digit() {
            names.push(arg.to_owned());
        }
        rest = &after[end + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_are_display_only() {
        assert_eq!(
            placeholders("a {} b {x} {0} {y:>5} {{z}}").unwrap(),
            ["x", "y"]
        );
        assert!(placeholders("{:?}").is_err());
        assert!(placeholders("{x:#?}").is_err());
        assert!(placeholders("{x:x?}").is_err());
        assert!(placeholders("{:x}").is_err());
        assert!(placeholders("{").is_err());
        assert!(placeholders("}").is_err());
        assert_eq!(placeholders("{:.3}").unwrap(), Vec::<String>::new());
    }
}
