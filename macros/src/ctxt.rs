//! Collects every error of one macro call, so they are all reported in one
//! pass.

use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

use quote::ToTokens;

/// The errors found so far. It must be consumed by [`Ctxt::check`]: dropping
/// it unchecked panics (outside a panic), so an early return that would
/// silently lose errors fails every test that reaches it (serde's guard).
pub(crate) struct Ctxt {
    /// `None` once checked.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }
}

impl Ctxt {
    /// An error spanned on `tokens`.
    pub(crate) fn error_spanned_by(&self, tokens: impl ToTokens, message: impl Display) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error built by syn (a parse error, `meta.error`).
    pub(crate) fn syn_error(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// All errors so far, combined into one, if any.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        // A bug of this crate, not of its user: every path must check.
        assert!(
            thread::panicking() || self.errors.borrow().is_none(),
            "safe-log-macros: a Ctxt was dropped without `check()`"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Ctxt;

    #[test]
    #[should_panic(expected = "dropped without `check()`")]
    fn forgetting_to_check_panics() {
        let cx = Ctxt::default();
        cx.syn_error(syn::Error::new(proc_macro2::Span::call_site(), "lost"));
    }

    #[test]
    fn checked_errors_are_combined() {
        let cx = Ctxt::default();
        cx.syn_error(syn::Error::new(proc_macro2::Span::call_site(), "one"));
        cx.syn_error(syn::Error::new(proc_macro2::Span::call_site(), "two"));
        let error = cx.check().unwrap_err();
        assert_eq!(error.into_iter().count(), 2);
    }
}
