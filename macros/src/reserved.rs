//! The keys that log sinks reserve for themselves: the one list of them.
//!
//! The runtime crate takes this list from here (through the hidden
//! `__reserved!` macro), so the compile-time check of an event's keys and the
//! run-time renaming of a spread record's keys cannot disagree.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr};

/// Keys whose first segment sinks write themselves: `message`, and the
/// fields Google Cloud Logging takes out of a JSON line.
pub(crate) const RESERVED_KEYS: &[&str] = &[
    "message",
    "severity",
    "time",
    "timestamp",
    "timestampSeconds",
    "timestampNanos",
    "httpRequest",
];

/// Cloud Logging's special fields (`logging.googleapis.com/trace`, ...).
pub(crate) const RESERVED_PREFIX: &str = "logging.googleapis.com/";

/// Whether `key` would collide with a key sinks reserve: its first segment
/// is reserved, or it is a Cloud Logging special field.
pub(crate) fn is_reserved(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or(key);
    RESERVED_KEYS.contains(&first) || key.starts_with(RESERVED_PREFIX)
}

/// `__reserved!(keys)`, `__reserved!(prefix)`, `__reserved!(is "key")`.
pub(crate) enum Query {
    Keys,
    Prefix,
    Is(LitStr),
}

impl Parse for Query {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let word: Ident = input.parse()?;
        match word.to_string().as_str() {
            "keys" => Ok(Query::Keys),
            "prefix" => Ok(Query::Prefix),
            "is" => Ok(Query::Is(input.parse()?)),
            _ => Err(syn::Error::new(
                word.span(),
                "expected `keys`, `prefix` or `is \"key\"`",
            )),
        }
    }
}

pub(crate) fn expand(query: &Query) -> TokenStream {
    match query {
        Query::Keys => {
            let keys = RESERVED_KEYS;
            quote!(&[#(#keys),*])
        }
        Query::Prefix => {
            let prefix = RESERVED_PREFIX;
            quote!(#prefix)
        }
        Query::Is(key) => {
            let reserved = is_reserved(&key.value());
            quote!(#reserved)
        }
    }
}
