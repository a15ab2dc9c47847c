//! `uuid::Uuid`: lowercase and hyphenated, `67e55044-10b1-426f-9247-bb680e5fe0c8`.

use uuid::Uuid;

use crate::{SafeLog, Value, Visitor};

/// Lowercase and hyphenated: `67e55044-10b1-426f-9247-bb680e5fe0c8`.
#[diagnostic::do_not_recommend]
impl SafeLog for Uuid {
    leaf!();

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = self.hyphenated().encode_lower(&mut buf);
        visitor.value_tmp(at, Value::Str(text));
    }
}
