//! `SafeLog` for the std types: numbers, floats, text, addresses, times.

#![allow(dead_code, reason = "fields exist to be logged")]

use std::borrow::Cow;
use std::net::{Ipv6Addr, SocketAddr};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use safe_log::{Primitive, SafeLog};

#[path = "support/fields.rs"]
mod fields;

use fields::{expected, json, pairs, s, same_keys};

#[derive(SafeLog)]
struct Floats {
    nan: f64,
    inf: f64,
    neg_inf: f32,
    tenth: f32,
    normal: f64,
}

#[test]
fn non_finite_floats_are_strings_not_null() {
    let value = Floats {
        nan: f64::NAN,
        inf: f64::INFINITY,
        neg_inf: f32::NEG_INFINITY,
        tenth: 0.5,
        normal: -2.25,
    };
    assert_eq!(
        pairs(&value),
        expected! {
            "nan" => "NaN",
            "inf" => "Infinity",
            "neg_inf" => "-Infinity",
            "tenth" => 0.5,
            "normal" => -2.25,
        }
    );
    assert_eq!(
        json(&value),
        r#"{"nan":"NaN","inf":"Infinity","neg_inf":"-Infinity","tenth":0.5,"normal":-2.25}"#
    );
}

#[derive(SafeLog)]
struct Numbers {
    i8_: i8,
    i16_: i16,
    i32_: i32,
    i64_: i64,
    isize_: isize,
    u8_: u8,
    u16_: u16,
    u32_: u32,
    u64_: u64,
    usize_: usize,
    i128_: i128,
    u128_: u128,
    nz: NonZero<u32>,
    nz_i: NonZero<i64>,
    nz_u128: NonZero<u128>,
}

#[test]
fn integers_keep_their_value_and_128_bits_are_decimal_strings() {
    let value = Numbers {
        i8_: i8::MIN,
        i16_: i16::MIN,
        i32_: i32::MIN,
        i64_: i64::MIN,
        isize_: -1,
        u8_: u8::MAX,
        u16_: u16::MAX,
        u32_: u32::MAX,
        u64_: u64::MAX,
        usize_: 7,
        i128_: i128::MIN,
        u128_: u128::MAX,
        nz: NonZero::new(5).unwrap(),
        nz_i: NonZero::new(-5).unwrap(),
        nz_u128: NonZero::new(1).unwrap(),
    };
    assert_eq!(
        pairs(&value),
        expected! {
            "i8_" => i64::from(i8::MIN),
            "i16_" => i64::from(i16::MIN),
            "i32_" => i64::from(i32::MIN),
            "i64_" => i64::MIN,
            "isize_" => -1i64,
            "u8_" => 255u64,
            "u16_" => 65535u64,
            "u32_" => u64::from(u32::MAX),
            "u64_" => u64::MAX,
            "usize_" => 7u64,
            "i128_" => "-170141183460469231731687303715884105728",
            "u128_" => "340282366920938463463374607431768211455",
            "nz" => 5u64,
            "nz_i" => -5i64,
            "nz_u128" => "1",
        }
    );
    let out = json(&value);
    assert!(out.contains(r#""u64_":18446744073709551615"#), "{out}");
    assert!(
        out.contains(r#""u128_":"340282366920938463463374607431768211455""#),
        "{out}"
    );
}

/// Integers at the edges of the widths the serde sink writes them in.
#[derive(SafeLog)]
struct Widths {
    zero: u64,
    u16_max: u64,
    past_u16: u64,
    u32_max: u64,
    past_u32: u64,
    max: u64,
}

#[test]
fn integers_at_every_width_edge_keep_their_digits_through_serde() {
    let value = Widths {
        zero: 0,
        u16_max: u64::from(u16::MAX),
        past_u16: u64::from(u16::MAX) + 1,
        u32_max: u64::from(u32::MAX),
        past_u32: u64::from(u32::MAX) + 1,
        max: u64::MAX,
    };
    assert_eq!(
        json(&value),
        concat!(
            r#"{"zero":0,"u16_max":65535,"past_u16":65536,"u32_max":4294967295,"#,
            r#""past_u32":4294967296,"max":18446744073709551615}"#
        )
    );
}

/// A writer that takes `room` bytes, then fails every write, counting the
/// writes it refused.
struct FullAfter {
    room: usize,
    written: Vec<u8>,
    refused: usize,
}

impl std::io::Write for FullAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written.len() + buf.len() > self.room {
            self.refused += 1;
            return Err(std::io::Error::other("full"));
        }
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_serde_writer_ends_the_record_at_its_first_error() {
    let value = Widths {
        zero: 0,
        u16_max: 1,
        past_u16: 2,
        u32_max: 3,
        past_u32: 4,
        max: 5,
    };
    let mut out = FullAfter {
        room: r#"{"zero":0,"u16"#.len(),
        written: Vec::new(),
        refused: 0,
    };
    let result = serde_json::to_writer(&mut out, &safe_log::Fields(&value));
    assert!(result.is_err());
    // One refused write: no leaf after it was written or tried.
    assert_eq!(out.refused, 1);
    assert!(
        out.written.starts_with(br#"{"zero":0"#),
        "{:?}",
        out.written
    );
}

#[derive(SafeLog)]
struct Texts<'a> {
    c: char,
    wide: char,
    s: &'a str,
    owned: String,
    cow: Cow<'a, str>,
    boxed: Box<str>,
    rc: Rc<str>,
    arc: Arc<String>,
    path: &'a Path,
    path_buf: PathBuf,
    unit: (),
    v6: Ipv6Addr,
    sock: SocketAddr,
    nested_ref: &'a &'a u8,
}

#[test]
fn text_types_are_strings() {
    let n = 4u8;
    let r = &n;
    let value = Texts {
        c: 'x',
        wide: '🦀',
        s: "borrowed",
        owned: "owned".into(),
        cow: Cow::Owned("cow".into()),
        boxed: "boxed".into(),
        rc: Rc::from("rc"),
        arc: Arc::new("arc".into()),
        path: Path::new("/tmp/a b"),
        path_buf: PathBuf::from("rel/p"),
        unit: (),
        v6: "2001:db8::1".parse().unwrap(),
        sock: "[2001:db8::1]:443".parse().unwrap(),
        nested_ref: &r,
    };
    assert_eq!(
        pairs(&value),
        vec![
            ("c".to_owned(), s("x")),
            ("wide".to_owned(), s("🦀")),
            ("s".to_owned(), s("borrowed")),
            ("owned".to_owned(), s("owned")),
            ("cow".to_owned(), s("cow")),
            ("boxed".to_owned(), s("boxed")),
            ("rc".to_owned(), s("rc")),
            ("arc".to_owned(), s("arc")),
            ("path".to_owned(), s("/tmp/a b")),
            ("path_buf".to_owned(), s("rel/p")),
            ("unit".to_owned(), Primitive::Null),
            ("v6".to_owned(), s("2001:db8::1")),
            ("sock".to_owned(), s("[2001:db8::1]:443")),
            ("nested_ref".to_owned(), Primitive::U64(4)),
        ]
    );
}

#[derive(SafeLog)]
struct Times {
    at: std::time::SystemTime,
    before_epoch: std::time::SystemTime,
    kind: std::io::ErrorKind,
}

#[test]
fn system_time_is_rfc3339_utc_and_io_error_kind_its_text() {
    use std::time::UNIX_EPOCH;
    let value = Times {
        at: UNIX_EPOCH + Duration::new(1_795_692_617, 5),
        before_epoch: UNIX_EPOCH - Duration::from_millis(1500),
        kind: std::io::ErrorKind::NotFound,
    };
    assert_eq!(
        pairs(&value),
        expected! {
            "at" => "2026-11-26T11:30:17.000000005Z",
            "before_epoch" => "1969-12-31T23:59:58.500000000Z",
            "kind" => "entity not found",
        }
    );
}

#[test]
fn longest_addresses_fit() {
    let v6: SocketAddr = "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%4294967295]:65535"
        .parse()
        .unwrap_or_else(|_| {
            SocketAddr::V6(std::net::SocketAddrV6::new(
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap(),
                65535,
                0,
                u32::MAX,
            ))
        });
    let text = v6.to_string();
    assert_eq!(pairs(&v6), vec![(String::new(), s(&text))]);
}

#[test]
fn strings_are_escaped_by_the_serializer() {
    #[derive(SafeLog)]
    struct Hostile<'a> {
        value: &'a str,
    }
    let value = Hostile {
        value: "a\"b\\c\nd\u{0}e\u{2028}",
    };
    let out = json(&value);
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed["value"], "a\"b\\c\nd\u{0}e\u{2028}");
    assert!(!out.contains('\n'));
}

#[test]
fn a_primitive_has_the_empty_key() {
    assert_eq!(pairs(&7u8), expected! { "" => 7u64 });
    assert_eq!(pairs("text"), expected! { "" => "text" });
    assert_eq!(pairs(&None::<u8>), expected! {});
    assert_eq!(json(&Some(true)), r#"{"":true}"#);
}

#[test]
fn the_schemas_of_std_types_describe_their_keys() {
    same_keys::<Floats>();
    same_keys::<Numbers>();
    same_keys::<Texts<'_>>();
    same_keys::<Times>();
}
