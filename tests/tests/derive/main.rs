//! Behaviour of `#[derive(SafeLog)]`: for every shape and attribute, the
//! exact keys and values. The records the tests log are defined here; the
//! tests are in `shapes` (structs, enums, newtypes, generics), `attributes`
//! (one test per field attribute) and `schema` (the keys a type's schema
//! knows before a value exists).

//! Behaviour of `#[derive(SafeLog)]`: for every shape and attribute, the
//! exact keys and values.

#![allow(dead_code, reason = "redacted and skipped fields exist to be left out")]
#![allow(
    clippy::trivially_copy_pass_by_ref,
    clippy::ptr_arg,
    reason = "`with` functions take the field by reference, whatever its type"
)]

mod attributes;
#[path = "../support/fields.rs"]
mod fields;
mod schema;
mod shapes;

use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use safe_log::{FMT_ERROR, Fields, Primitive, REDACTED, SafeLog, keys};

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

#[derive(SafeLog)]
#[safe_log(rename_all = "camelCase")]
struct Camel {
    peer_addr: u16,
    #[safe_log(rename = "KEEP_ME")]
    kept_name: u16,
    r#type: u8,
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
    // safe-log: allow(credential-name) `Token` redacts itself
    token: Token,
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

#[derive(SafeLog)]
struct Redacted {
    #[safe_log(redact)]
    raw: Vec<u8>,
    #[safe_log(redact)]
    none: Option<String>,
    #[safe_log(redact, rename = "auth")]
    token: Box<dyn fmt::Debug>,
}

#[derive(SafeLog)]
struct Skipped {
    #[safe_log(skip)]
    _raw: std::collections::HashMap<String, u32>,
    kept: u8,
}
