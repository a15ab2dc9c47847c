//! An event's expansion: a `static` call site, the level gate, and a
//! closure that holds the arguments. The closure's type tells the
//! arguments' schemas, so the tracing callsite (and whether the event is
//! enabled) is known before any argument is evaluated.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use super::check::{check, message_field};
use super::input::{CallInput, CallKind, FieldArg, MessageArg, has_control_flow, value_span};
use super::{Check, choose, choose_imports, message};
use crate::ctxt::Ctxt;

/// What an expansion needs from a checked call: the values to evaluate
/// first, each field with the expression its value is read from, and the
/// message.
pub(crate) struct Prepared<'a> {
    /// `let` statements for the values that leave the expression (`?`,
    /// `.await`): evaluated before the closure, once the level allows the
    /// event, since control flow cannot leave a closure.
    pub(crate) early: Vec<TokenStream>,
    /// The fields other than `message = ...`, each with its value.
    pub(crate) fields: Vec<(Option<TokenStream>, &'a FieldArg)>,
    /// `format_args!(...)` of the message, if any.
    pub(crate) message: Option<TokenStream>,
}

/// Checks a call and prepares its parts; `Err` holds the compile errors, as
/// one expression.
pub(crate) fn prepare(input: &CallInput) -> Result<Prepared<'_>, TokenStream> {
    let cx = Ctxt::default();
    check(&cx, input);
    let krate = &input.krate;
    let mut early = Vec::new();
    let mut pre = |value: &TokenStream| -> TokenStream {
        if has_control_flow(value) {
            let local = format_ident!("__safe_log_pre{}", early.len(), span = value_span(value));
            early.push(quote!(let #local = #value;));
            quote!(#local)
        } else {
            value.clone()
        }
    };
    let fields: Vec<(Option<TokenStream>, &FieldArg)> = input
        .fields
        .iter()
        .map(|field| match field {
            FieldArg::Named { value, .. } | FieldArg::Spread { value } => (Some(pre(value)), field),
            FieldArg::Short { .. } | FieldArg::Sigil { .. } => (None, field),
        })
        .collect();
    let message_values: Vec<TokenStream> = input
        .message
        .iter()
        .flat_map(|m| &m.args)
        .map(|arg| match arg {
            MessageArg::Positional(value) | MessageArg::Named(_, value) => pre(value),
        })
        .collect();
    let message = match (&input.message, message_field(input)) {
        (Some(m), _) => Some(message::expand(&cx, krate, m, &message_values)),
        (None, Some(_)) => fields.iter().find_map(|(value, field)| match field {
            FieldArg::Named { key, .. } if key.name() == "message" => {
                value.as_ref().map(|v| message::expand_value(krate, v))
            }
            _ => None,
        }),
        (None, None) => None,
    };
    if let Err(errors) = cx.check() {
        // In a block, so that several errors are still one expression.
        let errors = errors.into_compile_error();
        return Err(quote!({ #errors }));
    }
    let event = matches!(input.kind, CallKind::Event);
    let fields = fields
        .into_iter()
        .filter(|(_, field)| !(event && is_message(field)))
        .collect();
    Ok(Prepared {
        early,
        fields,
        message,
    })
}

pub(crate) fn expand(input: &CallInput) -> TokenStream {
    let prepared = match prepare(input) {
        Ok(prepared) => prepared,
        Err(errors) => return errors,
    };
    let krate = &input.krate;
    let early = &prepared.early;
    let level = &input.level;
    let target = input
        .prefix("target")
        .cloned()
        .unwrap_or_else(|| quote!(::core::module_path!()));
    let name = input.prefix("name").cloned().unwrap_or_else(|| {
        quote!(::core::concat!(
            "event ",
            ::core::file!(),
            ":",
            ::core::line!()
        ))
    });
    let parent = match input.prefix("parent") {
        Some(parent) => quote!(#krate::__private::Parent::of(#parent)),
        None => quote!(#krate::__private::Parent::Current),
    };
    let logged: Vec<&(Option<TokenStream>, &FieldArg)> = prepared.fields.iter().collect();
    let names = logged.iter().map(|(_, field)| match field {
        FieldArg::Named { key, .. } | FieldArg::Short { key } => key.name(),
        FieldArg::Spread { .. } | FieldArg::Sigil { .. } => String::new(),
    });
    let args = arg_list(krate, &logged);
    let has_message = prepared.message.is_some();
    let message = match prepared.message {
        Some(message) => quote!(::core::option::Option::Some(#message)),
        None => quote!(::core::option::Option::None),
    };
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
                    message: #has_message,
                    span: false,
                },
            );
            let __safe_log_gate = #krate::__private::Gate::event(__SAFE_LOG_LEVEL);
            if __safe_log_gate.is_open() {
                #(#early)*
                // The arguments are written once, in this closure: it is
                // called only if the event is enabled, and its type tells the
                // argument types (the schemas of its result) without a call.
                let __safe_log_event = |__safe_log_pending: ::core::option::Option<#krate::__private::Pending>| {
                    #imports
                    match #args {
                        __safe_log_args => {
                            if let ::core::option::Option::Some(__safe_log_pending) = __safe_log_pending {
                                __safe_log_pending.emit(&__safe_log_args, #message, #parent);
                            }
                            #krate::__private::probe(&__safe_log_args)
                        }
                    }
                };
                if let ::core::option::Option::Some(__safe_log_pending) =
                    __SAFE_LOG_SITE.interest(__safe_log_gate, #krate::__private::schemas_of(&__safe_log_event))
                {
                    __safe_log_event(::core::option::Option::Some(__safe_log_pending));
                }
            }
        }
    }
}

/// A key of Cloud Logging's labels map: under `labels.`, or `labels`
/// itself (whose record would bring keys under it).
fn is_label(key: &str) -> bool {
    key == "labels" || key.starts_with("labels.")
}

/// `message = value` is the message, not a field.
fn is_message(field: &FieldArg) -> bool {
    matches!(field, FieldArg::Named { key, .. } if key.name() == "message")
}

/// `(a, (b, ()))`: each value given its log form at its span; a spread
/// checked for being a record.
pub(super) fn arg_list(
    krate: &TokenStream,
    fields: &[&(Option<TokenStream>, &FieldArg)],
) -> TokenStream {
    let checked = quote!(#krate::__private::checked);
    let mut list = quote!(());
    for (value, field) in fields.iter().rev() {
        let item = match (field, value) {
            (
                FieldArg::Named {
                    argument: true,
                    key,
                    ..
                },
                Some(value),
            ) => choose(krate, &checked, value, &Check::Argument(&key.name())),
            (FieldArg::Named { key, .. }, Some(value)) if is_label(&key.name()) => {
                // A label is one value: a record or a list is refused.
                let chosen = choose(krate, &checked, value, &Check::Value);
                let span = value_span(value);
                quote_spanned! {span=>
                    match #chosen {
                        __safe_log_label => {
                            #krate::CallSite.__check_label(
                                (&(&(&__safe_log_label.__label_ty()).__peel()).__peel())
                                    .__peel()
                                    .__ty(),
                            );
                            __safe_log_label
                        }
                    }
                }
            }
            (FieldArg::Named { .. }, Some(value)) => choose(krate, &checked, value, &Check::Value),
            (FieldArg::Short { key }, _) => {
                let expr = key.expr();
                choose(krate, &checked, &expr, &Check::Value)
            }
            (FieldArg::Spread { .. }, Some(value)) => {
                quote_spanned!(value_span(value)=> #krate::Record::__spread(&(#value)))
            }
            _ => continue,
        };
        list = quote!((#item, #list));
    }
    list
}
