//! The shapes: records, enums, newtypes, nesting, generics.

use super::*;
use crate::fields::{expected, json, pairs};

#[test]
fn a_diagnostic_record_is_a_flat_set_of_dotted_keys() {
    assert_eq!(
        pairs(&diag()),
        expected! {
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
        expected! { "" => "connecting" }
    );
    assert_eq!(
        pairs(&WebSocketState::ClosingHandshake),
        expected! { "" => "closing_handshake" }
    );
    assert_eq!(pairs(&WebSocketState::Closed), expected! { "" => "closed" });
    assert_eq!(keys::<WebSocketState>(), [""]);
}

#[test]
fn data_enums_hold_the_variant_name_and_its_fields_below() {
    // At the top level, where it has no key of its own, the variant's name
    // is under `variant` (never the empty key beside its fields).
    assert_eq!(
        keys::<Close>(),
        [
            "variant",
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
        pairs(&Close::Normal { code: 1000 }),
        expected! { "variant" => "normal", "code" => 1000u64 }
    );
    assert_eq!(
        json(&Close::Normal { code: 1000 }),
        r#"{"variant":"normal","code":1000}"#
    );
    assert_eq!(
        pairs(&with(Close::Open)),
        expected! { "id" => 1u64, "close" => "open", "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Normal { code: 1000 })),
        expected! { "id" => 1u64, "close" => "normal", "close.code" => 1000u64, "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Error {
            code: 1011,
            reason: "handler failed".into()
        })),
        expected! {
            "id" => 1u64,
            "close" => "error",
            "close.code" => 1011u64,
            "close.reason" => "handler failed",
            "after" => true,
        }
    );
    assert_eq!(
        pairs(&with(Close::Timeout(Duration::from_secs(30)))),
        expected! { "id" => 1u64, "close" => "timeout", "close.timeout" => 30.0, "after" => true }
    );
    assert_eq!(
        pairs(&with(Close::Remote(Peer {
            ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
            port: 9
        }))),
        expected! {
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
        expected! {
            "id" => 1u64,
            "close" => "partial",
            "close.code" => 1001u64,
            "close.secret" => REDACTED,
            "after" => true,
        }
    );
}

#[test]
fn newtypes_are_transparent() {
    assert_eq!(pairs(&ConnId(9)), expected! { "" => 9u64 });
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
        expected! {
            "conn" => 5u64,
            "peer.ip" => "127.0.0.1",
            "peer.port" => 1u64,
            "token" => REDACTED,
        }
    );
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
        expected! { "c" => 1u64 }
    );
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
        expected! { "outer.inner.leaf" => true, "outer.n" => -1i64 }
    );
    assert_eq!(
        keys::<Level1>(),
        ["outer.inner.leaf", "outer.n", "maybe.inner.leaf", "maybe.n"]
    );
}

#[test]
fn generic_records_get_the_keys_of_their_instantiation() {
    assert_eq!(
        pairs(&Wrap {
            tag: "n",
            value: 3u8
        }),
        expected! { "tag" => "n", "value" => 3u64 }
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
        expected! { "tag" => "p", "value.ip" => "0.0.0.0", "value.port" => 0u64 }
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
    assert_eq!(pairs(&pair), expected! { "first" => "x", "second" => 7u64 });
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
