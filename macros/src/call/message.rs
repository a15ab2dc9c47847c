//! The message of a logging call: a string literal whose placeholders take
//! log-safe values (written as their text) or errors (their chain).

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::ext::IdentExt;

use super::input::{Message, MessageArg};
use super::{Check, choose};
use crate::ctxt::Ctxt;

/// `format_args!(lit, args...)` with every argument, the captured ones
/// included, given its log form and written as its text. `values` names
/// the expressions to use for the arguments (a pre-evaluated one's local).
pub(crate) fn expand(
    cx: &Ctxt,
    krate: &TokenStream,
    message: &Message,
    values: &[TokenStream],
) -> TokenStream {
    let lit = &message.lit;
    let placeholders = match placeholders(&lit.value()) {
        Ok(placeholders) => placeholders,
        Err(problem) => {
            cx.error_spanned_by(lit, problem);
            return TokenStream::new();
        }
    };
    let wrap = quote!(#krate::__private::message_arg);
    let mut explicit: HashSet<String> = HashSet::new();
    let mut args = Vec::new();
    for (arg, value) in message.args.iter().zip(values) {
        match arg {
            MessageArg::Positional(_) => args.push(choose(krate, &wrap, value, &Check::Value)),
            MessageArg::Named(name, _) => {
                explicit.insert(name.unraw().to_string());
                let chosen = choose(krate, &wrap, value, &Check::Value);
                args.push(quote!(#name = #chosen));
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
        let value = quote_spanned!(lit.span()=> #ident);
        let chosen = choose(krate, &wrap, &value, &Check::Value);
        args.push(quote!(#ident = #chosen));
    }
    quote!(::core::format_args!(#lit, #(#args),*))
}

/// `message = value`: the value's text is the message.
pub(crate) fn expand_value(krate: &TokenStream, value: &TokenStream) -> TokenStream {
    let chosen = choose(
        krate,
        &quote!(#krate::__private::message_arg),
        value,
        &Check::Value,
    );
    quote!(::core::format_args!("{}", #chosen))
}

/// The names captured by the `{name}` placeholders of a message; an error
/// for a placeholder that formats with anything but `Display`.
///
/// `{:#}` is accepted and written as `{}`: a log-safe value has one text
/// form, and an error's is already its whole chain (anyhow's `{:#}`).
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
            let fixed = if arg.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{{arg}}}")
            };
            return Err(format!(
                "`{{{inner}}}` formats a value with `Debug` at run time, which can fail, leak secrets and change shape silently: write `{fixed}` with a value that implements `SafeLog` (or an error), or log it as a field"
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
            placeholders("a {} b {x} {0} {y:>5} {{z}} {:#} {e:#}").unwrap(),
            ["x", "y", "e"]
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
