//! The proc-macro half of the logging macros: `safe_log!` and the level
//! macros. Their input is written by the `macro_rules!` front end in the
//! runtime crate, which has already split the arguments with Rust's own
//! expression parser; this half checks what needs a proc macro (keys,
//! sigils, the message's placeholders) and generates the call.
//!
//! - `input.rs`: the tagged input;
//! - `check.rs`: the rules, one function each;
//! - `message.rs`: the message and its placeholders;
//! - `event.rs`: an event's expansion;
//! - `span.rs`: a span's;
//! - `record.rs`: `record!`'s.

mod check;
mod event;
mod input;
mod message;
mod record;
mod span;

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

pub(crate) use self::input::CallInput;
use self::input::CallKind;
use self::input::value_spans;

/// What refuses a value without a log form, and so what its error says.
pub(crate) enum Check<'a> {
    /// An event's, a span's or `record!`'s value, or a message argument.
    Value,
    /// An argument of an instrumented function, by its name.
    Argument(&'a str),
}

/// The value's log form chosen by method resolution (its `SafeLog` form,
/// else an error's chain, else nothing), refused beside it by the trait of
/// `check` when it is nothing, then passed to `wrap`:
///
/// ```text
/// match (&&Probe(&(value))).__safe_log_arg() {
///     c => { LogValue::__check(<c's type, wrappers off>); wrap(c) }
/// }
/// ```
///
/// A `match` keeps the value's temporaries alive to the end of the
/// statement, as the call did before. The tokens are spanned from the
/// value's first token to its last, so an error covers the value.
pub(crate) fn choose(
    krate: &TokenStream,
    wrap: &TokenStream,
    value: &TokenStream,
    check: &Check<'_>,
) -> TokenStream {
    let display;
    let value = match display_argument(value) {
        Some(argument) => {
            display = choose_display(krate, &argument);
            &display
        }
        None => value,
    };
    let (first, last) = value_spans(value);
    let mut call = Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new());
    call.set_span(last);
    let receiver = quote_spanned!(first=> (&&#krate::__private::Probe(&(#value))).__safe_log_arg);
    let chosen: TokenStream = receiver
        .into_iter()
        .chain(std::iter::once(TokenTree::Group(call)))
        .collect();
    let chosen_var = quote_spanned!(first=> __safe_log_chosen);
    // Three wrappers deep: `Option<&Box<Frame>>` names `Frame`.
    let mut ty_call = Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new());
    ty_call.set_span(last);
    let ty = quote_spanned! {first=>
        (&(&(&#chosen_var.__peel_start()).__peel()).__peel()).__peel().__ty #ty_call
    };
    let refusal = match check {
        Check::Value => quote_spanned!(first=> #krate::CallSite.__check(#ty)),
        Check::Argument("self") => {
            quote_spanned!(first=> #krate::CallSite.__check_self(#ty))
        }
        Check::Argument(name) => {
            // A type named after the argument, for the error's text; in a
            // block of its own, where nothing else uses the name.
            let name = if syn::parse_str::<proc_macro2::Ident>(name).is_ok() {
                proc_macro2::Ident::new(name, first)
            } else {
                // A keyword (`r#type`).
                proc_macro2::Ident::new_raw(name, first)
            };
            quote_spanned! {first=> {
                #[allow(non_camel_case_types, dead_code)]
                struct #name;
                #krate::CallSite.__check_argument(::core::marker::PhantomData::<#name>, #ty)
            }}
        }
    };
    quote_spanned! {first=>
        match #chosen {
            #chosen_var => {
                #refusal;
                #wrap(#chosen_var)
            }
        }
    }
}

/// The argument of `safe_log::display(..)` (or `::safe_log::display(..)`)
/// when the value is that call.
fn display_argument(value: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = input::unwrap(value).into_iter().collect();
    let rest = match tokens.as_slice() {
        [TokenTree::Punct(a), TokenTree::Punct(b), rest @ ..]
            if a.as_char() == ':' && b.as_char() == ':' =>
        {
            rest
        }
        rest => rest,
    };
    match rest {
        [
            TokenTree::Ident(krate),
            TokenTree::Punct(a),
            TokenTree::Punct(b),
            TokenTree::Ident(function),
            TokenTree::Group(args),
        ] if krate == "safe_log"
            && a.as_char() == ':'
            && b.as_char() == ':'
            && function == "display"
            && args.delimiter() == proc_macro2::Delimiter::Parenthesis =>
        {
            Some(args.stream())
        }
        _ => None,
    }
}

/// `safe_log::display(argument)` in a call: its form chosen by the
/// argument's type (an `Option` of a `Display` value, a `Display` value),
/// and a value without `Display` refused beside it by `DisplayValue`.
fn choose_display(krate: &TokenStream, argument: &TokenStream) -> TokenStream {
    let (first, last) = value_spans(argument);
    let mut named = Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new());
    named.set_span(last);
    let var = quote_spanned!(first=> __safe_log_display);
    quote_spanned! {first=>
        match (&&#krate::__private::DisplayProbe(#argument)).__safe_log_display() {
            #var => {
                #krate::CallSite.__check_display(#var.__named #named);
                #var
            }
        }
    }
}

/// The imports `choose` needs, written once at the top of a call's
/// closure.
pub(crate) fn choose_imports(krate: &TokenStream) -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use #krate::__private::{PeelWrapper as _, ViaError as _, ViaSafeLog as _};
        #[allow(unused_imports)]
        use #krate::{
            DisplayValue as _, InstrumentArgument as _, InstrumentSelf as _, IntegerValue as _,
            LabelValue as _, LogValue as _, NumberValue as _,
        };
        #[allow(unused_imports)]
        use #krate::__private::{ChosenDisplay as _, ViaDisplayOption as _, ViaDisplayText as _};
    }
}

/// The expansion of a call, by what it makes.
pub(crate) fn expand(input: &CallInput) -> TokenStream {
    match input.kind {
        CallKind::Event => event::expand(input),
        CallKind::Span => span::expand(input),
        CallKind::Record => record::expand(input),
    }
}
