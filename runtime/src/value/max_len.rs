//! The strings `#[safe_log(max_len = N)]` can cut.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

/// Types whose value is a string that `#[safe_log(max_len = N)]` can cut.
#[diagnostic::on_unimplemented(
    message = "`max_len` applies to strings, and `{Self}` is not a string type",
    label = "`max_len` cannot cut a `{Self}`",
    note = "`max_len` cuts `String`, `&str`, `Cow<str>`, `Box<str>`, `Rc<str>`, `Arc<str>`, `Option`s of them, and each item of a `Vec`, slice or array of them",
    note = "to cut the text of another type, write `#[safe_log(display, max_len = N)]`"
)]
pub trait MaxLen {
    /// The string, or `None` for an absent value (or a list).
    #[doc(hidden)]
    fn text(&self) -> Option<&str>;

    /// Visits the value cut to `max` bytes: a string, or each item of a
    /// list of strings.
    #[doc(hidden)]
    #[inline]
    fn __visit_cut<'a, V: crate::Visitor<'a> + ?Sized>(
        &'a self,
        at: usize,
        max: usize,
        visitor: &mut V,
    ) {
        crate::__private::visit_truncated(self.text(), max, at, visitor);
    }
}

/// A list of strings whose items are cut.
struct CutItems<'s, T>(&'s [T], usize);

impl<T: MaxLen> crate::ListItems for CutItems<'_, T> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn each(&self, sink: &mut dyn crate::ItemSink) {
        for item in self.0 {
            let text = item.text().unwrap_or("");
            if !sink.display(&crate::value::text::Truncate::new(text, self.1)) {
                return;
            }
        }
    }
}

/// A list of strings: each item is cut.
macro_rules! cut_lists {
    ($([$($gen:tt)*] $ty:ty;)*) => {$(
        #[diagnostic::do_not_recommend]
        impl<$($gen)*> MaxLen for $ty {
            fn text(&self) -> Option<&str> {
                None
            }

            fn __visit_cut<'a, V: crate::Visitor<'a> + ?Sized>(
                &'a self,
                at: usize,
                max: usize,
                visitor: &mut V,
            ) {
                visitor.list(at, &CutItems(&self[..], max));
            }
        }
    )*};
}

cut_lists! {
    [T: MaxLen + crate::ListItem] Vec<T>;
    [T: MaxLen + crate::ListItem] [T];
    [T: MaxLen + crate::ListItem, const N: usize] [T; N];
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
