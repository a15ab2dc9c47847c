//! Behaviour of `#[derive(SafeLog)]`: for every shape and attribute, the
//! exact keys and values.

#![allow(dead_code, reason = "redacted and skipped fields exist to be left out")]
#![allow(
    clippy::trivially_copy_pass_by_ref,
    clippy::ptr_arg,
    reason = "`with` functions take the field by reference, whatever its type"
)]

use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use safe_log::{FMT_ERROR, Fields, Primitive, REDACTED, SafeLog, keys};

/// The present keys and values of `value`.
fn pairs<T: SafeLog + ?Sized>(value: &T) -> Vec<(String, Primitive)> {
    Fields(value).to_vec()
}

fn json<T: SafeLog + ?Sized>(value: &T) -> String {
    serde_json::to_string(&Fields(value)).expect("serializing `Fields` cannot fail")
}

fn s(x: &str) -> Primitive {
    Primitive::from(x)
}

/// `[(key, value)]` from literals.
macro_rules! expect {
    ($($key:literal => $value:expr),* $(,)?) => {
        vec![$(($key.to_owned(), Primitive::from($value))),*]
    };
}

#[derive(SafeLog)]
enum WebSocketState {
    Connecting,
    Connected,
    ClosingHandshake,
    Closed,
}

#[derive(SafeLog)]
struct Peer {
    ip: IpAddr,
    port: u16,
}

#[derive(SafeLog)]
struct Route {
    path: &'static str,
    method: &'static str,
}

#[derive(SafeLog)]
struct Diag<'a> {
    conn_id: u64,
    user_id: Option<&'a str>,
    state: WebSocketState,
    close_code: Option<u16>,
    message_count: u32,
    elapsed: Duration,
    peer: Peer,
    #[safe_log(flatten)]
    route: Route,
    #[safe_log(redact)]
    auth_token: &'a str,
}

fn diag() -> Diag<'static> {
    Diag {
        conn_id: 42,
        user_id: Some("u-17"),
        state: WebSocketState::Connected,
        close_code: None,
        message_count: 3,
        elapsed: Duration::from_millis(1500),
        peer: Peer {
            ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            port: 51234,
        },
        route: Route {
            path: "/ws",
            method: "GET",
        },
        auth_token: "eyJhbGciOiJIUzI1NiJ9",
    }
}

#[test]
fn a_diagnostic_record_is_a_flat_set_of_dotted_keys() {
    assert_eq!(
        pairs(&diag()),
        expect! {
            "conn_id" => 42u64,
            "user_id" => "u-17",
            "state" => "connected",
            "message_count" => 3u64,
            "elapsed" => 1.5,
            "peer.ip" => "10.0.0.7",
            "peer.port" => 51234u64,
            "path" => "/ws",
            "method" => "GET",
            "auth_token" => REDACTED,
        }
    );
    assert_eq!(
        json(&diag()),
        r#"{"conn_id":42,"user_id":"u-17","state":"connected","message_count":3,"elapsed":1.5,"peer.ip":"10.0.0.7","peer.port":51234,"path":"/ws","method":"GET","auth_token":"[redacted]"}"#
    );
    assert!(!json(&diag()).contains("eyJhbGciOiJIUzI1NiJ9"));
}

#[test]
fn keys_are_fixed_at_compile_time_and_absent_when_none() {
    assert_eq!(
        keys::<Diag<'_>>(),
        [
            "conn_id",
            "user_id",
            "state",
            "close_code",
            "message_count",
            "elapsed",
            "peer.ip",
            "peer.port",
            "path",
            "method",
            "auth_token",
        ]
    );
    let mut d = diag();
    d.user_id = None;
    d.close_code = Some(1000);
    let got = pairs(&d);
    assert!(got.iter().all(|(k, _)| k != "user_id"));
    assert!(got.contains(&("close_code".to_owned(), Primitive::U64(1000))));
}

#[test]
fn unit_enums_are_snake_case_strings() {
    assert_eq!(
        pairs(&WebSocketState::Connecting),
        expect! { "" => "connecting" }
    );
    assert_eq!(
        pairs(&WebSocketState::ClosingHandshake),
        expect! { "" => "closing_handshake" }
    );
    assert_eq!(pairs(&WebSocketState::Closed), expect! { "" => "closed" });
    assert_eq!(keys::<WebSocketState>(), [""]);
}

#[derive(SafeLog)]
#[safe_log(rename_all = "SCREAMING_SNAKE_CASE")]
enum Level {
    HighWater,
    #[safe_log(rename = "low")]
    LowWater,
    HTTPError,
}

#[derive(SafeLog)]
#[safe_log(rename_all = "kebab-case")]
enum Kebab {
    ClosingHandshake,
}

#[derive(SafeLog)]
enum Acronyms {
    HTTPError,
    IoError,
    V2,
}

#[test]
fn rename_all_renames_variants_and_rename_wins() {
    assert_eq!(pairs(&Level::HighWater), expect! { "" => "HIGH_WATER" });
    assert_eq!(pairs(&Level::LowWater), expect! { "" => "low" });
    assert_eq!(pairs(&Level::HTTPError), expect! { "" => "HTTP_ERROR" });
    assert_eq!(
        pairs(&Kebab::ClosingHandshake),
        expect! { "" => "closing-handshake" }
    );
    assert_eq!(pairs(&Acronyms::HTTPError), expect! { "" => "http_error" });
    assert_eq!(pairs(&Acronyms::IoError), expect! { "" => "io_error" });
    assert_eq!(pairs(&Acronyms::V2), expect! { "" => "v2" });
}

#[derive(SafeLog)]
#[safe_log(rename_all = "camelCase")]
struct Camel {
    peer_addr: u16,
    #[safe_log(rename = "KEEP_ME")]
    kept_name: u16,
    r#type: u8,
}

#[test]
fn rename_all_renames_struct_keys_and_rename_wins() {
    assert_eq!(keys::<Camel>(), ["peerAddr", "KEEP_ME", "type"]);
}

#[derive(SafeLog)]
enum Close {
    Open,
    Normal {
        code: u16,
    },
    Error {
        code: u16,
        reason: String,
    },
    Timeout(Duration),
    Remote(Peer),
    Partial {
        code: u16,
        #[safe_log(skip)]
        _raw: Vec<u8>,
        #[safe_log(redact)]
        secret: String,
    },
}

#[derive(SafeLog)]
struct WithClose {
    id: u8,
    close: Close,
    after: bool,
}

#[test]
fn data_enums_hold_the_variant_name_and_its_fields_below() {
    assert_eq!(
        keys::<Close>(),
        [
            "",
            "code",
            "code",
            "reason",
            "timeout",
            "remote.ip",
            "remote.port",
            "code",
            "secret",
        ]
    );
    let with = |close| WithClose {
        id: 1,
        close,
        after: true,
    };
    assert_eq!(
        pairs(&with(Close::Open)),
        expect! { "id" => 1u64, "close" => "open", "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Normal { code: 1000 })),
        expect! { "id" => 1u64, "close" => "normal", "close.code" => 1000u64, "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Error {
            code: 1011,
            reason: "handler failed".into()
        })),
        expect! {
            "id" => 1u64,
            "close" => "error",
            "close.code" => 1011u64,
            "close.reason" => "handler failed",
            "after" => true,
        }
    );
    assert_eq!(
        pairs(&with(Close::Timeout(Duration::from_secs(30)))),
        expect! { "id" => 1u64, "close" => "timeout", "close.timeout" => 30.0, "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Remote(Peer {
            ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
            port: 9
        }))),
        expect! {
            "id" => 1u64,
            "close" => "remote",
            "close.remote.ip" => "::1",
            "close.remote.port" => 9u64,
            "after" => true,
        }
    );
    assert_eq!(
        pairs(&with(Close::Partial {
            code: 1001,
            _raw: vec![1, 2, 3],
            secret: "hunter2".into()
        })),
        expect! {
            "id" => 1u64,
            "close" => "partial",
            "close.code" => 1001u64,
            "close.secret" => REDACTED,
            "after" => true,
        }
    );
}

#[derive(SafeLog)]
enum Never {}

#[test]
fn an_empty_enum_has_one_key() {
    assert_eq!(keys::<Never>(), [""]);
    assert_eq!(<Never as SafeLog>::LEAVES, 1);
}

#[derive(SafeLog)]
struct ConnId(u64);

#[derive(SafeLog)]
struct Wrapped(Peer);

#[derive(SafeLog)]
struct Token(#[safe_log(redact)] String);

#[derive(SafeLog)]
struct Ids {
    conn: ConnId,
    peer: Wrapped,
    token: Token,
}

#[test]
fn newtypes_are_transparent() {
    assert_eq!(pairs(&ConnId(9)), expect! { "" => 9u64 });
    assert_eq!(keys::<Wrapped>(), ["ip", "port"]);
    assert_eq!(
        pairs(&Ids {
            conn: ConnId(5),
            peer: Wrapped(Peer {
                ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
                port: 1
            }),
            token: Token("abc".into()),
        }),
        expect! {
            "conn" => 5u64,
            "peer.ip" => "127.0.0.1",
            "peer.port" => 1u64,
            "token" => REDACTED,
        }
    );
}

#[derive(SafeLog)]
struct Empty {}

#[derive(SafeLog)]
struct Unit;

#[derive(SafeLog)]
struct HasEmpty {
    a: Empty,
    b: Unit,
    c: u8,
}

#[test]
fn unit_and_empty_structs_have_no_keys() {
    assert!(keys::<Unit>().is_empty());
    assert!(pairs(&Empty {}).is_empty());
    assert_eq!(
        pairs(&HasEmpty {
            a: Empty {},
            b: Unit,
            c: 1
        }),
        expect! { "c" => 1u64 }
    );
}

#[derive(SafeLog)]
struct Level3 {
    leaf: bool,
}

#[derive(SafeLog)]
struct Level2 {
    inner: Level3,
    n: i8,
}

#[derive(SafeLog)]
struct Level1 {
    outer: Level2,
    maybe: Option<Level2>,
}

#[test]
fn nesting_goes_as_deep_as_the_types() {
    let value = Level1 {
        outer: Level2 {
            inner: Level3 { leaf: true },
            n: -1,
        },
        maybe: None,
    };
    assert_eq!(
        pairs(&value),
        expect! { "outer.inner.leaf" => true, "outer.n" => -1i64 }
    );
    assert_eq!(
        keys::<Level1>(),
        ["outer.inner.leaf", "outer.n", "maybe.inner.leaf", "maybe.n"]
    );
}

#[derive(SafeLog)]
struct Wrap<T> {
    tag: &'static str,
    value: T,
}

#[derive(SafeLog)]
struct Pair<'a, A, B: Copy>
where
    A: Clone,
{
    first: Option<A>,
    second: &'a B,
    #[safe_log(skip)]
    _unlogged: std::marker::PhantomData<Vec<A>>,
}

#[test]
fn generic_records_get_the_keys_of_their_instantiation() {
    assert_eq!(
        pairs(&Wrap {
            tag: "n",
            value: 3u8
        }),
        expect! { "tag" => "n", "value" => 3u64 }
    );
    let peer = Wrap {
        tag: "p",
        value: Peer {
            ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
        },
    };
    assert_eq!(
        pairs(&peer),
        expect! { "tag" => "p", "value.ip" => "0.0.0.0", "value.port" => 0u64 }
    );
    // The key tables of two instantiations are not mixed up.
    assert_eq!(keys::<Wrap<u8>>(), ["tag", "value"]);
    assert_eq!(keys::<Wrap<Peer>>(), ["tag", "value.ip", "value.port"]);
    assert_eq!(
        keys::<Wrap<Wrap<u8>>>(),
        ["tag", "value.tag", "value.value"]
    );

    let b = 7u32;
    let pair: Pair<'_, String, u32> = Pair {
        first: Some("x".into()),
        second: &b,
        _unlogged: std::marker::PhantomData,
    };
    assert_eq!(pairs(&pair), expect! { "first" => "x", "second" => 7u64 });
}

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

/// The keys a type's schema describes, without a value.
fn schema_keys<T: SafeLog + ?Sized>() -> Vec<String> {
    let mut keys = safe_log::Keys::new("");
    <T::Schema as safe_log::Layout>::describe(&mut keys);
    keys.into_keys().into_iter().map(String::from).collect()
}

fn exact<T: SafeLog + ?Sized>() -> bool {
    <T::Schema as safe_log::Layout>::EXACT
}

fn same_keys<T: SafeLog + ?Sized>() {
    assert!(
        <T::Schema as safe_log::Layout>::EXACT,
        "{}",
        std::any::type_name::<T>()
    );
    assert_eq!(
        schema_keys::<T>(),
        keys::<T>(),
        "{}",
        std::any::type_name::<T>()
    );
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
    same_keys::<Texts<'_>>();
    same_keys::<Camel>();
    same_keys::<Box<Option<&Diag<'_>>>>();
    same_keys::<GenericEnum<Peer>>();
    same_keys::<GenericNewtype<Close>>();
    // The one inexact case: a `with` function over a type parameter.
    assert!(!exact::<Through<u8>>());
    assert!(!exact::<Wrap<Through<u8>>>());
}

#[derive(SafeLog)]
enum GenericEnum<T> {
    Nothing,
    Some { value: T, count: u8 },
    Other(Option<T>),
}

#[derive(SafeLog)]
struct GenericNewtype<T>(T);

/// A record with lifetimes still has a `'static` schema.
fn diag_schema<'a>(_: &Diag<'a>) -> std::any::TypeId {
    schema::<Diag<'a>>()
}

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
        expect! { "value.x" => 1i64, "value.y" => -1i64 }
    );
    assert_eq!(pairs(&Through { value: 5u8 }), expect! { "value" => 5u64 });
}

struct Fails;

impl fmt::Display for Fails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("partial")?;
        Err(fmt::Error)
    }
}

struct Version(u8, u8);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}", self.0, self.1)
    }
}

#[derive(SafeLog)]
struct Displayed {
    #[safe_log(display)]
    version: Version,
    #[safe_log(display)]
    broken: Fails,
    #[safe_log(display, max_len = 3)]
    short: Version,
    #[safe_log(display, rename = "ver")]
    renamed: Version,
}

#[test]
fn display_logs_the_text_and_a_failing_display_is_marked_not_raised() {
    let value = Displayed {
        version: Version(1, 2),
        broken: Fails,
        short: Version(10, 20),
        renamed: Version(3, 4),
    };
    let broken = format!("partial{FMT_ERROR}");
    assert_eq!(
        pairs(&value),
        expect! {
            "version" => "v1.2",
            "broken" => broken.as_str(),
            "short" => "v10…",
            "ver" => "v3.4",
        }
    );
    assert_eq!(
        json(&value),
        r#"{"version":"v1.2","broken":"partial[fmt error]","short":"v10…","ver":"v3.4"}"#
    );
}

fn millis(d: &Duration) -> u128 {
    d.as_millis()
}

fn state_name(s: &u8) -> &'static str {
    if *s == 0 { "idle" } else { "busy" }
}

fn as_peer(port: &u16) -> Peer {
    Peer {
        ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: *port,
    }
}

fn maybe(n: &i32) -> Option<String> {
    (*n > 0).then(|| format!("n={n}"))
}

mod convert {
    pub(crate) fn upper(s: &String) -> String {
        s.to_uppercase()
    }
}

#[derive(SafeLog)]
struct Converted {
    #[safe_log(with = millis)]
    elapsed: Duration,
    #[safe_log(with = state_name)]
    state: u8,
    #[safe_log(with = as_peer, rename = "local")]
    port: u16,
    #[safe_log(with = maybe)]
    present: i32,
    #[safe_log(with = maybe)]
    absent: i32,
    #[safe_log(with = convert::upper)]
    name: String,
}

#[test]
fn with_logs_what_the_function_returns() {
    let value = Converted {
        elapsed: Duration::from_millis(2500),
        state: 1,
        port: 8080,
        present: 3,
        absent: 0,
        name: "ws".into(),
    };
    assert_eq!(
        keys::<Converted>(),
        [
            "elapsed",
            "state",
            "local.ip",
            "local.port",
            "present",
            "absent",
            "name"
        ]
    );
    assert_eq!(
        pairs(&value),
        expect! {
            "elapsed" => "2500",
            "state" => "busy",
            "local.ip" => "127.0.0.1",
            "local.port" => 8080u64,
            "present" => "n=3",
            "name" => "WS",
        }
    );
}

#[derive(SafeLog)]
struct Outer {
    id: u8,
    #[safe_log(flatten)]
    peer: Peer,
    #[safe_log(flatten)]
    route: Option<Route>,
    #[safe_log(flatten)]
    boxed: Box<Level3>,
}

#[test]
fn flatten_merges_the_keys_into_the_parent() {
    let value = Outer {
        id: 1,
        peer: Peer {
            ip: IpAddr::V4(Ipv4Addr::new(1, 2, 3, 4)),
            port: 5,
        },
        route: None,
        boxed: Box::new(Level3 { leaf: false }),
    };
    assert_eq!(
        keys::<Outer>(),
        ["id", "ip", "port", "path", "method", "leaf"]
    );
    assert_eq!(
        pairs(&value),
        expect! { "id" => 1u64, "ip" => "1.2.3.4", "port" => 5u64, "leaf" => false }
    );
}

#[derive(SafeLog)]
struct Cut<'a> {
    #[safe_log(max_len = 5)]
    ascii: String,
    #[safe_log(max_len = 4)]
    multibyte: &'a str,
    #[safe_log(max_len = 64)]
    short: Cow<'a, str>,
    #[safe_log(max_len = 2)]
    optional: Option<String>,
    #[safe_log(max_len = 2)]
    none: Option<String>,
    #[safe_log(max_len = 3)]
    exact: Box<str>,
}

#[test]
fn max_len_cuts_on_a_char_boundary_and_marks_the_cut() {
    let value = Cut {
        ascii: "abcdefgh".into(),
        // "é" is 2 bytes: 4 bytes hold "hé" plus one byte of the next "é".
        multibyte: "héé",
        short: Cow::Borrowed("fits"),
        optional: Some("xyz".into()),
        none: None,
        exact: "abc".into(),
    };
    assert_eq!(
        pairs(&value),
        expect! {
            "ascii" => "abcde…",
            "multibyte" => "hé…",
            "short" => "fits",
            "optional" => "xy…",
            "exact" => "abc",
        }
    );
}

#[derive(SafeLog)]
struct Redacted {
    #[safe_log(redact)]
    raw: Vec<u8>,
    #[safe_log(redact)]
    none: Option<String>,
    #[safe_log(redact, rename = "auth")]
    token: Box<dyn fmt::Debug>,
}

#[test]
fn redact_writes_the_marker_whatever_the_value() {
    let value = Redacted {
        raw: vec![1, 2],
        none: None,
        token: Box::new("s3cret"),
    };
    assert_eq!(
        pairs(&value),
        expect! { "raw" => REDACTED, "none" => REDACTED, "auth" => REDACTED }
    );
}

#[derive(SafeLog)]
struct Skipped {
    #[safe_log(skip)]
    _raw: std::collections::HashMap<String, u32>,
    kept: u8,
}

#[test]
fn skip_leaves_the_field_out() {
    assert_eq!(keys::<Skipped>(), ["kept"]);
    let value = Skipped {
        _raw: std::collections::HashMap::new(),
        kept: 2,
    };
    assert_eq!(pairs(&value), expect! { "kept" => 2u64 });
}

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
        expect! {
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
        expect! {
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
        expect! {
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
fn fields_debug_reads_like_a_log_line() {
    let text = format!("{:?}", Fields(&diag()));
    assert!(
        text.starts_with(r#"{"conn_id": 42, "user_id": "u-17", "state": "connected","#),
        "{text}"
    );
    assert!(text.contains(r#""auth_token": "[redacted]""#), "{text}");
}

#[test]
fn a_primitive_has_the_empty_key() {
    assert_eq!(pairs(&7u8), expect! { "" => 7u64 });
    assert_eq!(pairs("text"), expect! { "" => "text" });
    assert_eq!(pairs(&None::<u8>), expect! {});
    assert_eq!(json(&Some(true)), r#"{"":true}"#);
}
