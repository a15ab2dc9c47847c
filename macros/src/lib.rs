//! Procedural macros of safe-log. Use them through the `safe-log` crate,
//! which documents them and provides the items the expansions name.

mod ast;
mod attr;
mod case;
mod ctxt;
mod expand;
mod fallback;
mod generics;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// `#[derive(SafeLog)]`: see the `safe-log` crate.
#[proc_macro_derive(SafeLog, attributes(safe_log))]
pub fn derive_safe_log(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
