//! The strings `#[safe_log(max_len = N)]` can cut.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

/// Types whose value is a string that `#[safe_log(max_len = N)]` can cut.
#[diagnostic::on_unimplemented(
    message = "`max_len` applies to strings, and `{Self}` is not a string type",
    label = "`max_len` cannot cut a `{Self}`",
    note = "`max_len` cuts `String`, `&str`, `Cow<str>`, `Box<str>`, `Rc<str>`, `Arc<str>` and `Option`s of them",
    note = "to cut the text of another type, write `#[safe_log(display, max_len = N)]`"
)]
pub trait MaxLen {
    /// The string, or `None` for an absent value.
    #[doc(hidden)]
    fn text(&self) -> Option<&str>;
}

#[diagnostic::do_not_recommend]
impl MaxLen for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl MaxLen for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl MaxLen for Cow<'_, str> {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl MaxLen for Box<str> {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl MaxLen for Rc<str> {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl MaxLen for Arc<str> {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

#[diagnostic::do_not_recommend]
impl<T: MaxLen + ?Sized> MaxLen for &T {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }
}

#[diagnostic::do_not_recommend]
impl<T: MaxLen> MaxLen for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(MaxLen::text)
    }
}
