//! `anyhow::Error`: its chain of messages, like any error.

use crate::{SafeLog, Visitor};

/// Its message, then its causes' (see [`ErrorChain`](crate::ErrorChain)):
/// what `{:#}` prints.
#[diagnostic::do_not_recommend]
impl SafeLog for anyhow::Error {
    leaf!(schema = str);

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let error: &(dyn std::error::Error + Send + Sync + 'static) = self.as_ref();
        visitor.error(at, error);
    }
}
