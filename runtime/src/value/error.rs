//! Errors as log values: one string, the error's message and then each
//! source's, the way an operator reads a failure.
//!
//! The form is anyhow's `{:#}`: `Display` of the error, then `": "` and the
//! `Display` of each `source()` in turn. A source whose text the line so far
//! already ends with (thiserror's `#[error("read failed: {0}")]` puts its
//! source's text in its own) is skipped, so nothing is written twice. Nothing
//! is allocated: the text is written straight into the sink's buffer.

use core::fmt::{self, Write};
use std::error::Error;
use std::io;

use crate::value::text::{StackStr, Total};
use crate::{Keys, SafeLog, Visitor};

/// How many sources are followed at most: a `source()` that loops (a bug in
/// an error type) must not hang the logging call.
pub(crate) const MAX_SOURCES: usize = 32;

/// How much of the text written so far is kept to compare with the next
/// source's text; a longer source text is written without the comparison.
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
        let mut out = Written {
            inner: f,
            tail: [0; TAIL],
            len: 0,
        };
        write!(out, "{}", Total(&self.0))?;
        let mut next = self.0.source();
        for _ in 0..MAX_SOURCES {
            let Some(source) = next else { break };
            if !out.ends_with_text_of(source) {
                out.write_str(": ")?;
                write!(out, "{}", Total(&source))?;
            }
            next = source.source();
        }
        Ok(())
    }
}

/// Passes text through and keeps the last [`TAIL`] bytes of it.
struct Written<'f, 'g> {
    inner: &'f mut fmt::Formatter<'g>,
    tail: [u8; TAIL],
    /// How many bytes of `tail` hold text, kept at its end.
    len: usize,
}

impl Written<'_, '_> {
    /// Whether the text so far ends with the text of `source`, at a word
    /// boundary (the text before it ends with a space or a punctuation
    /// mark, or is empty).
    fn ends_with_text_of(&self, source: &dyn Error) -> bool {
        let Some(text) = StackStr::<TAIL>::format(&source) else {
            return false;
        };
        let text = text.as_str().as_bytes();
        let tail = &self.tail[TAIL - self.len..];
        if text.is_empty() || !tail.ends_with(text) {
            return false;
        }
        let before = &tail[..tail.len() - text.len()];
        match before.last() {
            None => self.len < TAIL,
            Some(b) => !b.is_ascii_alphanumeric() && *b != b'_' && *b < 0x80,
        }
    }
}

impl Write for Written<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.inner.write_str(s)?;
        let bytes = s.as_bytes();
        if bytes.len() >= TAIL {
            self.tail.copy_from_slice(&bytes[bytes.len() - TAIL..]);
            self.len = TAIL;
        } else {
            self.tail.copy_within(bytes.len().., 0);
            self.tail[TAIL - bytes.len()..].copy_from_slice(bytes);
            self.len = (self.len + bytes.len()).min(TAIL);
        }
        Ok(())
    }
}

/// The items every error leaf shares: one key, written as the chain.
macro_rules! error_leaf {
    ($($(#[$doc:meta])* $ty:ty;)*) => {$(
        $(#[$doc])*
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
