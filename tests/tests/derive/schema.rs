//! What a type's schema knows of its keys before a value exists.

use super::*;
use crate::fields::{exact, same_keys};
use crate::fields::{expected, pairs};

fn schema<T: SafeLog + ?Sized>() -> std::any::TypeId {
    std::any::TypeId::of::<T::Schema>()
}

#[test]
fn schemas_tell_instantiations_apart_and_erase_lifetimes() {
    assert_ne!(schema::<Wrap<u8>>(), schema::<Wrap<Peer>>());
    assert_ne!(schema::<Wrap<u8>>(), schema::<Wrap<String>>());
    assert_ne!(schema::<Peer>(), schema::<Route>());
    // Wrappers share the schema of what they wrap: their keys are the same.
    assert_eq!(schema::<Wrap<u8>>(), schema::<Wrap<Option<&u8>>>());
    assert_eq!(schema::<Peer>(), schema::<Box<Peer>>());
    let local = String::from("u-1");
    let mut short = diag();
    short.user_id = Some(&local);
    assert_eq!(diag_schema(&short), diag_schema(&diag()));
}

#[test]
fn a_schema_describes_the_keys_of_its_type() {
    same_keys::<Diag<'_>>();
    same_keys::<WebSocketState>();
    same_keys::<Close>();
    same_keys::<WithClose>();
    same_keys::<Never>();
    same_keys::<Ids>();
    same_keys::<Wrapped>();
    same_keys::<Level1>();
    same_keys::<Wrap<u8>>();
    same_keys::<Wrap<Peer>>();
    same_keys::<Wrap<Option<Wrap<Close>>>>();
    same_keys::<Pair<'_, String, u32>>();
    same_keys::<Pair<'_, Point, u64>>();
    same_keys::<Converted>();
    same_keys::<Outer>();
    same_keys::<Cut<'_>>();
    same_keys::<Camel>();
    same_keys::<Box<Option<&Diag<'_>>>>();
    same_keys::<GenericEnum<Peer>>();
    same_keys::<GenericNewtype<Close>>();
    // The one inexact case: a `with` function over a type parameter.
    assert!(!exact::<Through<u8>>());
    assert!(!exact::<Wrap<Through<u8>>>());
}

/// A record with lifetimes still has a `'static` schema.
fn diag_schema<'a>(_: &Diag<'a>) -> std::any::TypeId {
    schema::<Diag<'a>>()
}

#[test]
fn keys_follow_the_layout_even_when_a_with_function_is_generic() {
    // The result type of `identity` depends on `T`: each instantiation has
    // its own keys.
    assert_eq!(keys::<Through<u8>>(), ["value"]);
    assert_eq!(keys::<Through<Point>>(), ["value.x", "value.y"]);
    assert_eq!(
        pairs(&Through {
            value: Point { x: 1, y: -1 }
        }),
        expected! { "value.x" => 1i64, "value.y" => -1i64 }
    );
    assert_eq!(
        pairs(&Through { value: 5u8 }),
        expected! { "value" => 5u64 }
    );
}

#[derive(SafeLog)]
enum GenericEnum<T> {
    Nothing,
    Some { value: T, count: u8 },
    Other(Option<T>),
}

#[derive(SafeLog)]
struct GenericNewtype<T>(T);

fn identity<T: Clone>(value: &T) -> T {
    value.clone()
}

#[derive(SafeLog)]
struct Through<T: Clone + SafeLog> {
    #[safe_log(with = identity)]
    value: T,
}

#[derive(Clone, SafeLog)]
struct Point {
    x: i32,
    y: i32,
}
