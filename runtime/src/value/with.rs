//! The check of a `#[safe_log(with = f)]` field's function, at a path
//! rustc can name in its errors.

use crate::__private::{WithFn, with_fn_checked};
use crate::SafeLog;

/// Checks the function of a `#[safe_log(with = f)]` field: it takes the
/// field by reference and returns a log-safe value (`fn(&T) -> R` with
/// `R: SafeLog`). Called by the derive; an error about the function is
/// rustc's, on the attribute's path.
#[doc(hidden)]
#[inline]
pub const fn with_fn<'t, T: ?Sized + 't, R: SafeLog, F: Fn(&'t T) -> R>(
    f: &F,
) -> WithFn<'_, 't, T, F> {
    with_fn_checked::<T, R, F>(f)
}
