//! `url::Url`: its text, with a password replaced by `[redacted]`.

use core::fmt;

use url::Url;

use crate::{REDACTED, SafeLog, Value, Visitor};

/// Its text, `"https://example.com/search?q=rust"`; a password is replaced:
/// `"https://user:[redacted]@example.com/"`.
#[diagnostic::do_not_recommend]
impl SafeLog for Url {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let text = self.as_str();
        let Some(password) = self.password() else {
            visitor.value(at, Value::Str(text));
            return;
        };
        // `scheme://username:password@...`: the password's place in the
        // serialization, checked rather than trusted.
        let start = self.scheme().len() + "://".len() + self.username().len() + 1;
        let end = start + password.len();
        match (text.get(..start), text.get(start..end), text.get(end..)) {
            (Some(before), Some(found), Some(after)) if found == password => {
                visitor.display(at, &Redacted { before, after });
            }
            // Not reached with the `url` crate's serialization; still never
            // the password.
            _ => visitor.value(at, Value::Str(REDACTED)),
        }
    }
}

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
