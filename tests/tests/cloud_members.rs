//! The members of a Cloud Logging line, written nested as they come: the
//! layer studies once what each member writes after the one before it, and
//! an event whose fields are all there copies that; a field absent, a value
//! key with keys below it, a label or a list between two members must still
//! give the exact bytes the member-by-member writer gives.

mod support;

use safe_log::SafeLog;
use safe_log::cloud::CloudLogging;
use serde_json::Value;
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

#[derive(SafeLog, Clone, Copy)]
struct Inner {
    x: Option<u8>,
    y: u8,
}

#[derive(SafeLog, Clone, Copy)]
enum Close {
    Normal,
    Abnormal {
        code: u16,
        reason: Option<&'static str>,
    },
}

#[derive(SafeLog, Clone, Copy)]
struct Outer {
    a: Option<u8>,
    inner: Inner,
    c: Option<&'static str>,
    close: Close,
    z: u8,
}

/// Every pattern of present and absent fields, in an order that puts each
/// after several others.
fn patterns() -> Vec<Outer> {
    let closes = [
        Close::Normal,
        Close::Abnormal {
            code: 1011,
            reason: Some("handler failed"),
        },
        Close::Abnormal {
            code: 1006,
            reason: None,
        },
    ];
    let mut all = Vec::new();
    for bits in 0..8u8 {
        for close in closes {
            all.push(Outer {
                a: (bits & 1 != 0).then_some(1),
                inner: Inner {
                    x: (bits & 2 != 0).then_some(3),
                    y: 2,
                },
                c: (bits & 4 != 0).then_some("see"),
                close,
                z: 9,
            });
        }
    }
    // Then backwards, so that each pattern also follows the ones it came
    // before.
    let back: Vec<Outer> = all.iter().rev().copied().collect();
    all.extend(back);
    all
}

/// The `"o":{...}` member `o` gives, written by hand in field order.
fn expected(o: &Outer) -> String {
    let mut parts = Vec::new();
    if let Some(a) = o.a {
        parts.push(format!("\"a\":{a}"));
    }
    parts.push(match o.inner.x {
        Some(x) => format!("\"inner\":{{\"x\":{x},\"y\":{}}}", o.inner.y),
        None => format!("\"inner\":{{\"y\":{}}}", o.inner.y),
    });
    if let Some(c) = o.c {
        parts.push(format!("\"c\":\"{c}\""));
    }
    match o.close {
        Close::Normal => parts.push("\"close\":\"normal\"".to_owned()),
        Close::Abnormal { code, reason } => {
            parts.push("\"close\":\"abnormal\"".to_owned());
            parts.push(format!("\"close.code\":{code}"));
            if let Some(reason) = reason {
                parts.push(format!("\"close.reason\":\"{reason}\""));
            }
        }
    }
    parts.push(format!("\"z\":{}", o.z));
    format!("\"o\":{{{}}}", parts.join(","))
}

fn text_of(f: impl FnOnce()) -> String {
    let out = Shared::default();
    let layer = CloudLogging::builder().writer(out.clone()).build();
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), f);
    out.text()
}

#[test]
fn members_present_or_absent_in_any_pattern_give_the_exact_object() {
    let patterns = patterns();
    let text = text_of(|| {
        for o in &patterns {
            safe_log::info!(o = o, n = 1u8, "m");
        }
    });
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), patterns.len());
    for (line, o) in lines.iter().zip(&patterns) {
        let members = format!("{},\"n\":1", expected(o));
        assert!(line.contains(&members), "{line}\nwants {members}");
        let _: Value = serde_json::from_str(line).expect("a JSON line");
    }
}

#[test]
fn a_label_and_a_list_between_members_leave_them_exact() {
    let patterns = patterns();
    let tags = vec!["a", "b"];
    // The fields are written as they come: the keys under each prefix are
    // together (with two labels apart, they would be sorted).
    let text = text_of(|| {
        for o in &patterns {
            safe_log::info!(
                first = 0u8,
                labels.tenant = "t1",
                o = o,
                tags = &tags,
                n = 1u8,
                "m"
            );
        }
    });
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), patterns.len());
    for (line, o) in lines.iter().zip(&patterns) {
        let members = format!("\"first\":0,{},\"tags\":[\"a\",\"b\"],\"n\":1", expected(o));
        assert!(line.contains(&members), "{line}\nwants {members}");
        let value: Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(
            value["logging.googleapis.com/labels"],
            serde_json::json!({"tenant": "t1"})
        );
    }
}

#[test]
fn a_value_key_absent_above_its_present_keys_closes_its_object() {
    // `a` holds a value and `a.b` is below it: `"a":1,"a.b":2` when `a` is
    // there, `"a":{"b":2}` when not; `z` then closes that object.
    let text = text_of(|| {
        for a in [Some(1u8), None, None, Some(1), Some(1), None] {
            tracing::info!(a = a, a.b = 2u8, z = 3u8);
        }
    });
    let members: Vec<&str> = text
        .lines()
        .map(|line| {
            let start = line.find("\"a\":").expect("a member `a`");
            let end = line.find(",\"message\"").unwrap_or(line.len() - 1);
            &line[start..end]
        })
        .collect();
    let present = "\"a\":1,\"a.b\":2,\"z\":3";
    let absent = "\"a\":{\"b\":2},\"z\":3";
    assert_eq!(
        members,
        [present, absent, absent, present, present, absent],
        "{text}"
    );
}
