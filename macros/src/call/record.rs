//! `record!`'s expansion: each value given its log form (checked as an
//! event's), then recorded into the span's declared fields, unless the span
//! is disabled.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::event::prepare;
use super::input::{CallInput, FieldArg, value_span};
use super::{Check, choose, choose_imports};

pub(crate) fn expand(input: &CallInput) -> TokenStream {
    let prepared = match prepare(input) {
        Ok(prepared) => prepared,
        Err(errors) => return errors,
    };
    let krate = &input.krate;
    let span = input.prefix("span").cloned().unwrap_or_default();
    let checked = quote!(#krate::__private::checked);
    let records = prepared.fields.iter().filter_map(|(value, field)| {
        let (key, chosen) = match (field, value) {
            (FieldArg::Named { key, .. }, Some(value)) => {
                (key.name(), choose(krate, &checked, value, &Check::Value))
            }
            (FieldArg::Short { key }, _) => (
                key.name(),
                choose(krate, &checked, &key.expr(), &Check::Value),
            ),
            (FieldArg::Spread { .. }, Some(value)) => (
                String::new(),
                quote_spanned!(value_span(value)=> #krate::Record::__spread(&(#value))),
            ),
            _ => return None,
        };
        Some(quote! {
            #krate::__private::record(__safe_log_span, #key, &#chosen);
        })
    });
    let early = &prepared.early;
    let imports = choose_imports(krate);
    quote! {
        {
            let __safe_log_span: &#krate::__private::Span = &#span;
            if !__safe_log_span.is_disabled() {
                #imports
                #(#early)*
                #(#records)*
            }
        }
    }
}
