//! After an attribute mistake, an impl with no keys: the type still
//! implements `SafeLog` (and `Record`), so its uses elsewhere add no
//! follow-on errors and the user sees only the mistakes.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let imports = crate::expand::imports(krate);
    quote! {
        #[doc(hidden)]
        const _: () = {
            #imports
            #[automatically_derived]
            impl #impl_generics __SafeLog for #ident #ty_generics #where_clause {
                type Schema = __sl::NoKeys;
                const LEAVES: ::core::primitive::usize = 0;

                fn describe(_: &mut __Keys) {}

                fn visit<'__safe_log_a, __SafeLogV: __Visitor<'__safe_log_a> + ?::core::marker::Sized>(
                    &'__safe_log_a self,
                    _: ::core::primitive::usize,
                    _: &mut __SafeLogV,
                ) {
                }
            }

            #[automatically_derived]
            impl #impl_generics __Record for #ident #ty_generics #where_clause {}
        };
    }
}
