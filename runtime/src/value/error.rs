//! Errors as log values: one string, the error's message and then each
//! source's, the way an operator reads a failure.
//!
//! The form is anyhow's `{:#}`: `Display` of the error, then `": "` and the
//! `Display` of each `source()` in turn. A source whose text the line so far
//! already ends with (thiserror's `#[error("read failed: {0}")]` puts its
//! source's text in its own) is skipped, so nothing is written twice. Nothing
//! is allocated: the text is written straight into the sink's buffer.

use core::fmt;
use std::error::Error;
use std::io;

use crate::value::text::{StackStr, Total};
use crate::{Keys, SafeLog, Visitor};

/// How many sources are followed at most: a `source()` that loops (a bug in
/// an error type) must not hang the logging call.
pub(crate) const MAX_SOURCES: usize = 32;

/// How long a message may be to be compared with the next source's text; a
/// longer one is written without the comparison.
const TAIL: usize = 256;

/// The log form of an error: its message, then its sources' after `": "`.
///
/// This is what every sink writes for an error value; it is also a handy
/// `Display` of its own:
///
/// ```
/// use std::io;
/// use safe_log::ErrorChain;
///
/// #[derive(Debug)]
/// struct ReadConfig(io::Error);
///
/// impl std::fmt::Display for ReadConfig {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("cannot read the configuration")
///     }
/// }
///
/// impl std::error::Error for ReadConfig {
///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
///         Some(&self.0)
///     }
/// }
///
/// let error = ReadConfig(io::Error::new(io::ErrorKind::NotFound, "no such file"));
/// assert_eq!(
///     ErrorChain(&error).to_string(),
///     "cannot read the configuration: no such file",
/// );
/// ```
#[derive(Clone, Copy)]
pub struct ErrorChain<'a>(pub &'a (dyn Error + 'a));

impl fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ErrorChain")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Each message is formatted once, into one of two buffers: the one
        // written last is what the next source's text is compared with,
        // the other receives that text. A message longer than a buffer, or
        // whose `Display` fails, is written as it comes (and the next source
        // is then written whatever its text).
        let mut pieces = [StackStr::<TAIL>::new(), StackStr::<TAIL>::new()];
        let mut last = 0;
        let mut known = pieces[last].set(&self.0);
        if known {
            f.write_str(pieces[last].as_str())?;
        } else {
            write!(f, "{}", Total(&self.0))?;
        }
        let mut next = self.0.source();
        for _ in 0..MAX_SOURCES {
            let Some(source) = next else { break };
            let other = 1 - last;
            if pieces[other].set(&source) {
                let text = pieces[other].as_bytes();
                if !(known && ends_at_boundary(pieces[last].as_bytes(), text)) {
                    f.write_str(": ")?;
                    f.write_str(pieces[other].as_str())?;
                    last = other;
                    known = true;
                }
            } else {
                f.write_str(": ")?;
                write!(f, "{}", Total(&source))?;
                known = false;
            }
            next = source.source();
        }
        Ok(())
    }
}

/// Whether `before` ends with `text` at a word boundary: what precedes it
/// is nothing, a space or an ASCII punctuation mark.
fn ends_at_boundary(before: &[u8], text: &[u8]) -> bool {
    if text.is_empty() || !before.ends_with(text) {
        return false;
    }
    match before[..before.len() - text.len()].last() {
        None => true,
        Some(b) => !b.is_ascii_alphanumeric() && *b != b'_' && b.is_ascii(),
    }
}

/// The items every error leaf shares: one key, written as the chain.
macro_rules! error_leaf {
    ($($(#[$doc:meta])* $ty:ty;)*) => {$(
        $(#[$doc])*
        #[diagnostic::do_not_recommend]
        impl SafeLog for $ty {
            type Schema = str;
            const LEAVES: usize = 1;

            fn describe(keys: &mut Keys) {
                keys.leaf();
            }

            #[inline]
            fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
                visitor.error(at, self);
            }

            fn __keys() -> &'static [&'static str] {
                &[""]
            }
        }
    )*};
}

error_leaf! {
    /// Its message, then its sources' (see [`ErrorChain`]): `&e as &dyn
    /// Error`, `Box<dyn Error>` and `Arc<dyn Error>` are log values.
    dyn Error + '_;
    /// As `dyn Error`.
    dyn Error + Send + '_;
    /// As `dyn Error`.
    dyn Error + Sync + '_;
    /// As `dyn Error`.
    dyn Error + Send + Sync + '_;
    /// Its message, then its sources' (see [`ErrorChain`]).
    io::Error;
}

/// What `#[safe_log(error)]` logs of a field whose type is no error:
/// nothing. This trait exists for its compile error; no type implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an error, so `error` cannot log its chain",
    label = "`#[safe_log(error)]` needs a type that implements `std::error::Error`",
    note = "`error` applies to a type that implements `std::error::Error`, a `Box` or `Arc` of `dyn Error`, or an `Option` of one; remove `error` to log this field by its own log form"
)]
pub trait ErrorField {
    #[doc(hidden)]
    fn __check(_: core::marker::PhantomData<Self>);
}

#[diagnostic::do_not_recommend]
impl ErrorField for crate::emit::args::Fine {
    fn __check(_: core::marker::PhantomData<Self>) {}
}
