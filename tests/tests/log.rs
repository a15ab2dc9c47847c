//! `Fields(&record)` as `log`'s key-values, through a real `log::Log`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Mutex, OnceLock, PoisonError};

use log::kv::{self, Key, VisitSource};
use safe_log::{Fields, SafeLog};

/// What the logger saw of one record: each key with its value's text.
type Seen = Vec<(String, String)>;

struct Capture {
    records: Mutex<Vec<(String, Seen, Seen)>>,
}

/// Formats each value while the record is visited.
struct Now(Seen);

impl<'kvs> VisitSource<'kvs> for Now {
    fn visit_pair(&mut self, key: Key<'kvs>, value: kv::Value<'kvs>) -> Result<(), kv::Error> {
        self.0.push((key.to_string(), value.to_string()));
        Ok(())
    }
}

/// Keeps the borrowed values, and formats them once the visit is over, as a
/// logger that collects key-values into a map does.
struct Later<'kvs>(Vec<(Key<'kvs>, kv::Value<'kvs>)>);

impl<'kvs> VisitSource<'kvs> for Later<'kvs> {
    fn visit_pair(&mut self, key: Key<'kvs>, value: kv::Value<'kvs>) -> Result<(), kv::Error> {
        self.0.push((key, value));
        Ok(())
    }
}

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let mut now = Now(Vec::new());
        record.key_values().visit(&mut now).unwrap();
        let mut later = Later(Vec::new());
        record.key_values().visit(&mut later).unwrap();
        let later = later
            .0
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((record.args().to_string(), now.0, later));
    }

    fn flush(&self) {}
}

fn logger() -> &'static Capture {
    static LOGGER: OnceLock<&'static Capture> = OnceLock::new();
    LOGGER.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture {
            records: Mutex::new(Vec::new()),
        }));
        log::set_logger(capture).expect("the only logger of this test binary");
        log::set_max_level(log::LevelFilter::Trace);
        capture
    })
}

/// Logs `message` with `fields` as key-values and returns what the logger
/// saw, formatted during the visit and after it.
fn log_with<T: SafeLog>(message: &str, fields: &T) -> (Seen, Seen) {
    static SERIAL: Mutex<()> = Mutex::new(());
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let capture = logger();
    log::logger().log(
        &log::Record::builder()
            .level(log::Level::Error)
            .target("ws")
            .args(format_args!("{message}"))
            .key_values(&Fields(fields))
            .build(),
    );
    let records = capture
        .records
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let (seen_message, now, later) = records.last().cloned().expect("a record");
    assert_eq!(seen_message, message);
    (now, later)
}

fn pairs(list: &[(&str, &str)]) -> Seen {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[derive(SafeLog)]
enum WebSocketState {
    Connected,
}

#[derive(SafeLog)]
struct Peer {
    ip: IpAddr,
    port: u16,
}

struct Version;

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v1.2")
    }
}

fn upper(text: &&str) -> String {
    text.to_uppercase()
}

#[derive(SafeLog)]
struct Diag {
    conn_id: u64,
    state: WebSocketState,
    absent: Option<u8>,
    peer: Peer,
    ratio: f64,
    nan: f64,
    retry: bool,
    big: u128,
    initial: char,
    #[safe_log(display)]
    version: Version,
    #[safe_log(max_len = 4)]
    reason: String,
    #[safe_log(with = upper)]
    route: &'static str,
    #[safe_log(redact)]
    token: &'static str,
}

#[test]
fn a_record_is_a_key_value_source_for_log() {
    let diag = Diag {
        conn_id: 42,
        state: WebSocketState::Connected,
        absent: None,
        peer: Peer {
            ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            port: 51234,
        },
        ratio: 0.5,
        nan: f64::NAN,
        retry: true,
        big: u128::MAX,
        initial: 'é',
        version: Version,
        reason: "handler failed".into(),
        route: "/ws",
        token: "s3cret",
    };
    let expected = pairs(&[
        ("conn_id", "42"),
        ("state", "connected"),
        ("peer.ip", "10.0.0.7"),
        ("peer.port", "51234"),
        ("ratio", "0.5"),
        ("nan", "NaN"),
        ("retry", "true"),
        ("big", "340282366920938463463374607431768211455"),
        ("initial", "é"),
        ("version", "v1.2"),
        ("reason", "hand…"),
        ("route", "/WS"),
        ("token", "[redacted]"),
    ]);
    let (now, later) = log_with("websocket message processing failed", &diag);
    assert_eq!(now, expected);
    // Computed texts stay readable after the visit, for the whole log call.
    assert_eq!(later, expected);
}

#[test]
fn log_sees_the_same_keys_as_serde() {
    let peer = Peer {
        ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 1,
    };
    let (now, _) = log_with("peer", &peer);
    let json: serde_json::Value = serde_json::to_value(Fields(&peer)).unwrap();
    let keys: Vec<&str> = now.iter().map(|(k, _)| k.as_str()).collect();
    let mut json_keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    json_keys.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, json_keys);
}

/// Fails on the pair after `ok` pairs, counting every pair it is offered.
struct FailsAfter {
    ok: usize,
    offered: Vec<String>,
}

impl<'kvs> VisitSource<'kvs> for FailsAfter {
    fn visit_pair(&mut self, key: Key<'kvs>, _: kv::Value<'kvs>) -> Result<(), kv::Error> {
        self.offered.push(key.to_string());
        if self.offered.len() > self.ok {
            return Err(kv::Error::msg("the logger's writer failed"));
        }
        Ok(())
    }
}

/// Four leaves.
#[derive(SafeLog)]
struct Four {
    a: u8,
    b: u8,
    c: u8,
    d: u8,
}

#[test]
fn a_failing_key_value_visitor_gets_no_pair_after_its_error() {
    let four = Four {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
    };
    let mut visitor = FailsAfter {
        ok: 1,
        offered: Vec::new(),
    };
    let result = kv::Source::visit(&Fields(&four), &mut visitor);
    assert_eq!(
        result.map_err(|e| e.to_string()),
        Err("the logger's writer failed".to_owned())
    );
    // `a` passed, `b` failed: `c` and `d` were not offered.
    assert_eq!(visitor.offered, ["a", "b"]);
    let mut all = FailsAfter {
        ok: 4,
        offered: Vec::new(),
    };
    assert!(kv::Source::visit(&Fields(&four), &mut all).is_ok());
    assert_eq!(all.offered, ["a", "b", "c", "d"]);
}
