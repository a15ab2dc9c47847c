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

/// `wrap((&&Probe(&(value))).__safe_log_arg())`: the value's log form
/// chosen by method resolution (its `SafeLog` form, else an error's chain,
/// else a compile error), then checked by `wrap`. The tokens are spanned
/// from the value's first token to its last, so an error covers the value.
pub(crate) fn choose(krate: &TokenStream, wrap: &TokenStream, value: &TokenStream) -> TokenStream {
    let (first, last) = value_spans(value);
    let mut call = Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new());
    call.set_span(last);
    let receiver = quote_spanned!(first=> (&&#krate::__private::Probe(&(#value))).__safe_log_arg);
    let chosen: TokenStream = receiver
        .into_iter()
        .chain(std::iter::once(TokenTree::Group(call)))
        .collect();
    quote_spanned!(first=> #wrap(#chosen))
}

/// The imports `choose` needs, written once at the top of a call's
/// closure.
pub(crate) fn choose_imports(krate: &TokenStream) -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use #krate::__private::{ViaError as _, ViaSafeLog as _};
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
