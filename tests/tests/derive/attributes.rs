//! One test per field and container attribute.

use super::*;
use crate::fields::{expected, json, pairs};

#[test]
fn rename_all_renames_variants_and_rename_wins() {
    assert_eq!(pairs(&Level::HighWater), expected! { "" => "HIGH_WATER" });
    assert_eq!(pairs(&Level::LowWater), expected! { "" => "low" });
    assert_eq!(pairs(&Level::HTTPError), expected! { "" => "HTTP_ERROR" });
    assert_eq!(
        pairs(&Kebab::ClosingHandshake),
        expected! { "" => "closing-handshake" }
    );
    assert_eq!(
        pairs(&Acronyms::HTTPError),
        expected! { "" => "http_error" }
    );
    assert_eq!(pairs(&Acronyms::IoError), expected! { "" => "io_error" });
    assert_eq!(pairs(&Acronyms::V2), expected! { "" => "v2" });
}

#[test]
fn rename_all_renames_struct_keys_and_rename_wins() {
    assert_eq!(keys::<Camel>(), ["peerAddr", "KEEP_ME", "type"]);
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
        expected! {
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
        expected! {
            "elapsed" => "2500",
            "state" => "busy",
            "local.ip" => "127.0.0.1",
            "local.port" => 8080u64,
            "present" => "n=3",
            "name" => "WS",
        }
    );
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
        expected! { "id" => 1u64, "ip" => "1.2.3.4", "port" => 5u64, "leaf" => false }
    );
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
        expected! {
            "ascii" => "abcde…",
            "multibyte" => "hé…",
            "short" => "fits",
            "optional" => "xy…",
            "exact" => "abc",
        }
    );
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
        expected! { "raw" => REDACTED, "none" => REDACTED, "auth" => REDACTED }
    );
}

#[test]
fn skip_leaves_the_field_out() {
    assert_eq!(keys::<Skipped>(), ["kept"]);
    let value = Skipped {
        _raw: std::collections::HashMap::new(),
        kept: 2,
    };
    assert_eq!(pairs(&value), expected! { "kept" => 2u64 });
}

#[derive(SafeLog)]
enum Outcome {
    Served(#[safe_log(skip)] std::sync::mpsc::Sender<u8>),
    Failed(u16),
}

#[test]
fn skip_on_a_newtype_variant_logs_the_variant_name() {
    #[derive(SafeLog)]
    struct Holder {
        outcome: Outcome,
    }
    let (tx, _rx) = std::sync::mpsc::channel();
    assert_eq!(
        pairs(&Holder {
            outcome: Outcome::Served(tx)
        }),
        expected! { "outcome" => "served" }
    );
    assert_eq!(
        pairs(&Holder {
            outcome: Outcome::Failed(503)
        }),
        expected! { "outcome" => "failed", "outcome.failed" => 503u64 }
    );
}

/// A latency type whose text is its log form.
#[derive(SafeLog)]
#[safe_log(display)]
struct Latency {
    micros: u64,
    unit: std::marker::PhantomData<fn()>,
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03} ms", self.micros / 1000, self.micros % 1000)
    }
}

#[derive(SafeLog)]
struct Timing {
    latency: Latency,
    #[safe_log(display)]
    maybe: Option<Version>,
    #[safe_log(display, max_len = 2)]
    cut: Option<Version>,
}

#[test]
fn display_on_the_type_and_through_an_option() {
    let timing = Timing {
        latency: Latency {
            micros: 12_345,
            unit: std::marker::PhantomData,
        },
        maybe: Some(Version(1, 2)),
        cut: Some(Version(3, 4)),
    };
    assert_eq!(keys::<Timing>(), ["latency", "maybe", "cut"]);
    assert_eq!(
        pairs(&timing),
        expected! { "latency" => "12.345 ms", "maybe" => "v1.2", "cut" => "v3…" }
    );
    let none = Timing {
        maybe: None,
        cut: None,
        ..timing
    };
    assert_eq!(pairs(&none), expected! { "latency" => "12.345 ms" });
}

fn method_name(method: &String) -> &str {
    method.as_str()
}

#[derive(SafeLog)]
struct Borrowing {
    #[safe_log(with = method_name)]
    method: String,
}

#[test]
fn a_with_function_may_return_a_borrow_of_the_field() {
    assert_eq!(
        pairs(&Borrowing {
            method: "GET".into()
        }),
        expected! { "method" => "GET" }
    );
}
