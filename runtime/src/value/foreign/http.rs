//! `http`'s request-line types. `StatusCode` is its number; `Method`,
//! `Version`, `Scheme`, `Authority`, `PathAndQuery` and `Uri` their text,
//! with a password in an authority replaced by `[redacted]`. `HeaderMap`
//! and `HeaderValue` stay not log-safe: headers carry credentials
//! (`Authorization`, `Cookie`) and a map has no fixed keys.

use core::fmt;

use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Method, StatusCode, Uri, Version};

use crate::{REDACTED, SafeLog, Value, Visitor};

/// Its number: `404`.
#[diagnostic::do_not_recommend]
impl SafeLog for StatusCode {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value_tmp(at, Value::U64(u64::from(self.as_u16())));
    }
}

/// Its name: `"GET"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Method {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Str(self.as_str()));
    }
}

/// As the request line writes it: `"HTTP/1.1"`, `"HTTP/2.0"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Version {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = if *self == Version::HTTP_09 {
            "HTTP/0.9"
        } else if *self == Version::HTTP_10 {
            "HTTP/1.0"
        } else if *self == Version::HTTP_11 {
            "HTTP/1.1"
        } else if *self == Version::HTTP_2 {
            "HTTP/2.0"
        } else if *self == Version::HTTP_3 {
            "HTTP/3.0"
        } else {
            "HTTP/?"
        };
        visitor.value_tmp(at, Value::Str(text));
    }
}

/// Its text: `"https"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Scheme {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Str(self.as_str()));
    }
}

/// Its text: `"/search?q=rust"`.
#[diagnostic::do_not_recommend]
impl SafeLog for PathAndQuery {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::Str(self.as_str()));
    }
}

/// Its text, `"example.com:8080"`; a password is replaced:
/// `"user:[redacted]@example.com"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Authority {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        match split_password(self.as_str()) {
            None => visitor.value(at, Value::Str(self.as_str())),
            Some(parts) => visitor.display(at, &parts),
        }
    }
}

/// Its text, `"https://example.com/search?q=rust"`; a password in the
/// authority is replaced: `"https://user:[redacted]@example.com/"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Uri {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.display(at, &UriText(self));
    }
}

/// An authority with a password: the text before the password and after
/// it.
struct Redacted<'a> {
    before: &'a str,
    after: &'a str,
}

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.before)?;
        f.write_str(REDACTED)?;
        f.write_str(self.after)
    }
}

/// `user:password@host` split around the password, if there is one.
fn split_password(authority: &str) -> Option<Redacted<'_>> {
    let at = authority.rfind('@')?;
    let colon = authority[..at].find(':')?;
    Some(Redacted {
        before: &authority[..=colon],
        after: &authority[at..],
    })
}

/// A URI as `http` writes it, with the authority's password replaced.
struct UriText<'a>(&'a Uri);

impl fmt::Display for UriText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.0;
        if let Some(scheme) = uri.scheme_str() {
            f.write_str(scheme)?;
            f.write_str("://")?;
        }
        if let Some(authority) = uri.authority() {
            match split_password(authority.as_str()) {
                Some(parts) => fmt::Display::fmt(&parts, f)?,
                None => f.write_str(authority.as_str())?,
            }
        }
        f.write_str(uri.path())?;
        if let Some(query) = uri.query() {
            f.write_str("?")?;
            f.write_str(query)?;
        }
        Ok(())
    }
}
