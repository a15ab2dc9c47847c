//! A span's expansion: as an event's, with a `tracing::Span` as the result
//! and no message. The closure that holds the fields tells their schemas,
//! so a disabled span evaluates none of them.

use proc_macro2::TokenStream;
use quote::quote;

use super::choose_imports;
use super::event::{arg_list, prepare};
use super::input::{CallInput, FieldArg};

pub(crate) fn expand(input: &CallInput) -> TokenStream {
    let prepared = match prepare(input) {
        Ok(prepared) => prepared,
        Err(errors) => return errors,
    };
    let krate = &input.krate;
    let early = &prepared.early;
    let level = &input.level;
    let name = input.prefix("name").cloned().unwrap_or_else(|| quote!(""));
    let target = input
        .prefix("target")
        .cloned()
        .unwrap_or_else(|| quote!(::core::module_path!()));
    let parent = match input.prefix("parent") {
        Some(parent) => quote!(#krate::__private::Parent::of(#parent)),
        None => quote!(#krate::__private::Parent::Current),
    };
    let fields: Vec<&(Option<TokenStream>, &FieldArg)> = prepared.fields.iter().collect();
    let names = fields.iter().map(|(_, field)| match field {
        FieldArg::Named { key, .. } | FieldArg::Short { key } => key.name(),
        FieldArg::Spread { .. } | FieldArg::Sigil { .. } => String::new(),
    });
    let args = arg_list(krate, &fields);
    let imports = choose_imports(krate);
    quote! {
        {
            const __SAFE_LOG_LEVEL: #krate::Level = #level;
            static __SAFE_LOG_SITE: #krate::__private::Site = #krate::__private::Site::new(
                #krate::__private::SiteInfo {
                    name: #name,
                    target: #target,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module_path: ::core::module_path!(),
                    level: __SAFE_LOG_LEVEL,
                    names: &[#(#names),*],
                    message: false,
                    span: true,
                },
            );
            let __safe_log_gate = #krate::__private::Gate::span(__SAFE_LOG_LEVEL);
            if __safe_log_gate.is_open() {
                #(#early)*
                let __safe_log_span = |__safe_log_pending: ::core::option::Option<#krate::__private::Pending>| {
                    #imports
                    match #args {
                        __safe_log_args => {
                            let __safe_log_made = match __safe_log_pending {
                                ::core::option::Option::Some(__safe_log_pending) => {
                                    __safe_log_pending.new_span(&__safe_log_args, #parent)
                                }
                                ::core::option::Option::None => #krate::__private::Span::none(),
                            };
                            (__safe_log_made, #krate::__private::probe(&__safe_log_args))
                        }
                    }
                };
                match __SAFE_LOG_SITE.interest(__safe_log_gate, #krate::__private::span_schemas_of(&__safe_log_span)) {
                    ::core::option::Option::Some(__safe_log_pending) => {
                        __safe_log_span(::core::option::Option::Some(__safe_log_pending)).0
                    }
                    ::core::option::Option::None => #krate::__private::Span::none(),
                }
            } else {
                #krate::__private::Span::none()
            }
        }
    }
}
