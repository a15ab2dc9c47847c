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
    let mut explicit: HashSet<String> = HashSet::new();
    let mut args = Vec::new();
    for (index, (arg, value)) in message.args.iter().zip(values).enumerate() {
        match arg {
            MessageArg::Positional(_) => {
                let form = placeholders.form_of(&Used::Index(index));
                args.push(argument(krate, value, form));
            }
            MessageArg::Named(name, _) => {
                let name_text = name.unraw().to_string();
                let form = placeholders.form_of(&Used::Name(name_text.clone()));
                explicit.insert(name_text);
                let chosen = argument(krate, value, form);
                args.push(quote!(#name = #chosen));
            }
        }
    }
    // `{name}` captures a variable; it gets the same check as the others.
    let mut captured = HashSet::new();
    for (name, form) in placeholders.captures() {
        if explicit.contains(&name) || !captured.insert(name.clone()) {
            continue;
        }
        let ident = Ident::new(&name, lit.span());
        let value = quote_spanned!(lit.span()=> #ident);
        let chosen = argument(krate, &value, form);
        args.push(quote!(#ident = #chosen));
    }
    quote!(::core::format_args!(#lit, #(#args),*))
}

/// A message argument in the form its placeholders ask for: its text (a
/// log-safe value or an error), or a number for `{:x}`-like placeholders.
fn argument(krate: &TokenStream, value: &TokenStream, form: Form) -> TokenStream {
    let span = super::input::value_span(value);
    match form {
        Form::Text => choose(
            krate,
            &quote!(#krate::__private::message_arg),
            value,
            &Check::Value,
        ),
        Form::Integer => quote_spanned!(span=> #krate::CallSite.__integer(&(#value))),
        Form::Number => quote_spanned!(span=> #krate::CallSite.__number(&(#value))),
    }
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

/// What a placeholder formats with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// `{}`: the value's text.
    Text,
    /// `{:e}`, `{:E}`: a number.
    Number,
    /// `{:x}`, `{:X}`, `{:o}`, `{:b}`: an integer.
    Integer,
}

/// Which argument a placeholder uses.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Used {
    Index(usize),
    Name(String),
}

/// The placeholders of a message: which argument each uses, and with what.
#[derive(Debug, Default)]
struct Placeholders(Vec<(Used, Form)>);

impl Placeholders {
    /// The form an argument must take: the most demanding of its uses
    /// (an integer also writes its text).
    fn form_of(&self, used: &Used) -> Form {
        self.0
            .iter()
            .filter(|(u, _)| u == used)
            .map(|(_, form)| *form)
            .max()
            .unwrap_or(Form::Text)
    }

    /// The names of the variables captured by `{name}`, each with its form.
    fn captures(&self) -> Vec<(String, Form)> {
        let mut out: Vec<(String, Form)> = Vec::new();
        for (used, _) in &self.0 {
            if let Used::Name(name) = used {
                if !out.iter().any(|(n, _)| n == name) {
                    out.push((name.clone(), self.form_of(used)));
                }
            }
        }
        out
    }
}

/// The placeholders of a message; an error for one that formats with
/// `Debug`, or with a trait that is not a number's (`{:x}`, `{:X}`, `{:o}`,
/// `{:b}`, `{:e}`, `{:E}` are).
///
/// `{:#}` is accepted and written as `{}`: a log-safe value has one text
/// form, and an error's is already its whole chain (anyhow's `{:#}`).
fn placeholders(text: &str) -> Result<Placeholders, String> {
    let mut found = Placeholders::default();
    let mut next = 0;
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
        let form = match spec.chars().last().filter(char::is_ascii_alphabetic) {
            None => Form::Text,
            Some('x' | 'X' | 'o' | 'b') => Form::Integer,
            Some('e' | 'E') => Form::Number,
            Some(kind) => {
                return Err(format!(
                    "`{{{inner}}}` formats with `{kind}`: a message placeholder writes a log-safe value's text (`{{}}`, with an optional width or precision), or a number in hex, octal, binary or scientific notation (`{{:x}}`, `{{:X}}`, `{{:o}}`, `{{:b}}`, `{{:e}}`, `{{:E}}`)"
                ));
            }
        };
        let arg = arg.trim();
        let used = if arg.is_empty() {
            next += 1;
            Used::Index(next - 1)
        } else if let Ok(index) = arg.parse::<usize>() {
            Used::Index(index)
        } else {
            Used::Name(arg.to_owned())
        };
        found.0.push((used, form));
        rest = &after[end + 1..];
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::{Form, Used, placeholders};

    fn names(text: &str) -> Vec<String> {
        placeholders(text)
            .unwrap()
            .captures()
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn placeholders_are_display_or_numbers() {
        assert_eq!(
            names("a {} b {x} {0} {y:>5} {{z}} {:#} {e:#}"),
            ["x", "y", "e"]
        );
        assert!(placeholders("{:?}").is_err());
        assert!(placeholders("{x:#?}").is_err());
        assert!(placeholders("{x:x?}").is_err());
        assert!(placeholders("{:p}").is_err());
        assert!(placeholders("{").is_err());
        assert!(placeholders("}").is_err());
        assert!(names("{:.3}").is_empty());
        let found = placeholders("{} {:#06x} {n:b} {1:e} {n}").unwrap();
        assert_eq!(found.form_of(&Used::Index(0)), Form::Text);
        assert_eq!(found.form_of(&Used::Index(1)), Form::Integer);
        assert_eq!(found.form_of(&Used::Name("n".into())), Form::Integer);
        assert_eq!(found.captures(), [("n".to_owned(), Form::Integer)]);
    }
}
