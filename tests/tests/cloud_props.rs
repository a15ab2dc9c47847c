//! Property tests of the Cloud Logging layer: whatever the values, every
//! line parses, is one line, and stays under the cap.

mod support;

use proptest::prelude::*;
use safe_log::SafeLog;
use safe_log::cloud::CloudLogging;
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

#[derive(SafeLog, Debug, Clone)]
struct Hostile {
    a: Option<String>,
    b: Option<String>,
    c: Option<String>,
    d: Option<String>,
    e: Option<String>,
    f: Option<String>,
    g: Option<String>,
    h: Option<String>,
    nested: Option<Inner>,
    u: Option<u64>,
    i: Option<i64>,
    x: Option<f64>,
    w: Option<u128>,
}

#[derive(SafeLog, Debug, Clone)]
struct Inner {
    s: String,
    t: String,
    n: i64,
}

/// Strings made of what breaks logs: quotes, backslashes, controls, line
/// separators, bidi overrides, emoji, and long runs.
fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{0}\u{1f}\u{7f}\u{85}\u{9f}".to_owned()),
        Just("\u{2028}\u{2029}".to_owned()),
        Just("\u{202a}\u{202e}\u{2066}\u{2069}".to_owned()),
        Just("🦀é".to_owned()),
        "[a-z]{0,64}".prop_map(|s| s.repeat(50)),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn number_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
    ]
}

fn hostile() -> impl Strategy<Value = Hostile> {
    let s = || prop::option::of(hostile_string());
    (
        (s(), s(), s(), s(), s(), s(), s(), s()),
        prop::option::of((hostile_string(), hostile_string(), any::<i64>())),
        prop::option::of(prop_oneof![any::<u64>(), Just(u64::MAX), Just(1 << 53)]),
        prop::option::of(prop_oneof![any::<i64>(), Just(i64::MIN), Just(-(1 << 53))]),
        prop::option::of(number_f64()),
        prop::option::of(any::<u128>()),
    )
        .prop_map(|((a, b, c, d, e, f, g, h), nested, u, i, x, w)| Hostile {
            a,
            b,
            c,
            d,
            e,
            f,
            g,
            h,
            nested: nested.map(|(s, t, n)| Inner { s, t, n }),
            u,
            i,
            x,
            w,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_line_parses_is_one_line_and_stays_under_the_cap(
        values in hostile(),
        message in hostile_string(),
        max_line in 8_192usize..40_000,
        max_string in 24usize..20_000,
        flat in any::<bool>(),
    ) {
        let out = Shared::default();
        let mut builder = CloudLogging::builder()
            .writer(out.clone())
            .max_line(max_line)
            .max_string(max_string);
        if flat {
            builder = builder.flat();
        }
        let subscriber = tracing_subscriber::registry().with(builder.build());
        tracing::subscriber::with_default(subscriber, || {
            safe_log::error!(v = &values, "{}", message.as_str());
            // safe-log: allow(debug-field, display-field) arbitrary values through tracing's escape hatches
            tracing::warn!(debug = ?values, display = %message);
        });
        let text = out.text();
        prop_assert_eq!(text.matches('\n').count(), 2);
        for line in text.lines() {
            prop_assert!(line.len() < max_line, "{} >= {}", line.len(), max_line);
            let parsed: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
            prop_assert!(parsed["severity"].is_string());
            // The second event has no message, and so no `message` key.
            prop_assert!(parsed.get("message").is_none_or(serde_json::Value::is_string));
            prop_assert!(parsed["time"].is_string());
            prop_assert!(parsed["logging.googleapis.com/sourceLocation"]["line"].is_string());
        }
        // A string that was not cut comes back exactly.
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        prop_assert!(first["message"].is_string());
        if let Some(a) = &values.a {
            let written = if flat { &first["v.a"] } else { &first["v"]["a"] };
            if let Some(written) = written.as_str() {
                if !written.ends_with('…') {
                    prop_assert_eq!(written, a.as_str());
                }
            }
        }
    }
}
