//! Reading a log-safe value's keys and values, for tests.

#![allow(dead_code, reason = "each test file uses a part")]

use safe_log::{Fields, Layout, Primitive, SafeLog};

/// The present keys and values of `value`.
pub fn pairs<T: SafeLog + ?Sized>(value: &T) -> Vec<(String, Primitive)> {
    Fields(value).to_vec()
}

/// `value` serialized by `serde_json`.
pub fn json<T: SafeLog + ?Sized>(value: &T) -> String {
    serde_json::to_string(&Fields(value)).expect("serializing `Fields` cannot fail")
}

/// A string value.
pub fn s(x: &str) -> Primitive {
    Primitive::from(x)
}

/// `[(key, value)]` from literals.
macro_rules! expected {
    ($($key:literal => $value:expr),* $(,)?) => {
        vec![$(($key.to_owned(), safe_log::Primitive::from($value))),*]
    };
}
pub(crate) use expected;

/// The keys a type's schema describes, without a value.
pub fn schema_keys<T: SafeLog + ?Sized>() -> Vec<String> {
    let mut keys = safe_log::Keys::new("");
    <T::Schema as Layout>::describe(&mut keys);
    keys.into_keys().into_iter().map(String::from).collect()
}

/// Whether the schema of `T` is exact.
pub fn exact<T: SafeLog + ?Sized>() -> bool {
    <T::Schema as Layout>::EXACT
}

/// Asserts that the schema of `T` describes the keys of `T`.
pub fn same_keys<T: SafeLog + ?Sized>() {
    assert!(exact::<T>(), "{}", std::any::type_name::<T>());
    assert_eq!(
        schema_keys::<T>(),
        safe_log::keys::<T>(),
        "{}",
        std::any::type_name::<T>()
    );
}
