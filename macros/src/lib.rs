//! Procedural macros of safe-log. Use them through the `safe-log` crate,
//! which documents them and provides the items the expansions name.

mod ast;
mod attr;
mod call;
mod case;
mod ctxt;
mod expand;
mod fallback;
mod generics;
mod instrument;
mod peel;
mod reserved;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// `#[derive(SafeLog)]`: see the `safe-log` crate.
#[proc_macro_derive(SafeLog, attributes(safe_log))]
pub fn derive_safe_log(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// The proc-macro half of `safe_log!`; use `safe_log::safe_log!` and the
/// level macros, whose `macro_rules!` front end writes this macro's input.
#[doc(hidden)]
#[proc_macro]
pub fn __event(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as call::CallInput);
    call::expand(&input).into()
}

/// The keys sinks reserve, for the runtime crate: `__reserved!(keys)`,
/// `__reserved!(prefix)`, and `__reserved!(is "key")` (a test's view of the
/// rule).
#[doc(hidden)]
#[proc_macro]
pub fn __reserved(input: TokenStream) -> TokenStream {
    let query = parse_macro_input!(input as reserved::Query);
    reserved::expand(&query).into()
}

/// `#[safe_log::instrument]`: see the `safe-log` crate.
#[proc_macro_attribute]
pub fn instrument(args: TokenStream, item: TokenStream) -> TokenStream {
    instrument::expand(args.into(), &item.into()).into()
}
