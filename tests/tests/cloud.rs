//! The Cloud Logging JSON layer: structure, nesting, numbers, escaping,
//! bounds, totality, trace correlation.

mod support;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use safe_log::SafeLog;
use safe_log::cloud::{Builder, CloudLogging};
use serde_json::{Value, json};
use support::writer::{Broken, Shared};
use tracing_subscriber::layer::SubscriberExt;

/// Runs `f` with the layer built by `builder` writing to a buffer, and
/// returns the parsed lines.
fn lines_of(builder: Builder, f: impl FnOnce()) -> (Vec<Value>, String) {
    let out = Shared::default();
    let layer = builder.writer(out.clone()).build();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, f);
    (out.lines(), out.text())
}

fn lines(f: impl FnOnce()) -> Vec<Value> {
    lines_of(CloudLogging::builder(), f).0
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

#[derive(SafeLog)]
enum Close {
    #[allow(dead_code, reason = "only the abnormal variant is logged")]
    Normal {
        code: u16,
    },
    Abnormal {
        code: u16,
        reason: &'static str,
    },
}

#[derive(SafeLog)]
struct Diag {
    conn_id: u64,
    state: WebSocketState,
    peer: Peer,
    close: Close,
    #[safe_log(redact)]
    token: &'static str,
}

fn diag() -> Diag {
    Diag {
        conn_id: 7,
        state: WebSocketState::Connected,
        peer: Peer {
            ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            port: 51234,
        },
        close: Close::Abnormal {
            code: 1011,
            reason: "handler failed",
        },
        token: "s3cret",
    }
}

#[test]
fn a_line_has_the_cloud_logging_structure() {
    let before = SystemTime::now();
    let line_no = line!() + 2;
    let lines = lines(|| {
        safe_log::error!(
            diag = &diag(),
            attempt = 2u8,
            "websocket message processing failed"
        );
    });
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["severity"], "ERROR");
    assert_eq!(line["message"], "websocket message processing failed");
    let location = &line["logging.googleapis.com/sourceLocation"];
    assert_eq!(location["file"], file!());
    assert_eq!(location["line"], line_no.to_string());
    assert_eq!(location["function"], module_path!());
    assert_eq!(line["target"], module_path!());
    // RFC 3339, UTC, nanoseconds, close to now.
    let time = line["time"].as_str().unwrap();
    assert_eq!(time.len(), "2026-11-26T11:30:17.123456789Z".len(), "{time}");
    assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T', "{time}");
    let year: u64 = time[..4].parse().unwrap();
    let now_year = 1970 + before.duration_since(UNIX_EPOCH).unwrap().as_secs() / 31_556_952;
    assert!(year == now_year || year == now_year + 1, "{time}");
    // The fields, nested.
    assert_eq!(
        line["diag"],
        json!({
            "conn_id": 7,
            "state": "connected",
            "peer": {"ip": "10.0.0.7", "port": 51234},
            "close": "abnormal",
            "close.code": 1011,
            "close.reason": "handler failed",
            "token": "[redacted]",
        })
    );
    assert_eq!(line["attempt"], 2);
}

#[test]
fn severities_map_to_cloud_logging_s() {
    let lines = lines(|| {
        safe_log::trace!(n = 1u8);
        safe_log::debug!(n = 1u8);
        safe_log::info!(n = 1u8);
        safe_log::warn!(n = 1u8);
        safe_log::error!(n = 1u8);
    });
    let severities: Vec<&str> = lines
        .iter()
        .map(|l| l["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["DEBUG", "DEBUG", "INFO", "WARNING", "ERROR"]);
    // No message: no `message` key.
    assert!(
        lines.iter().all(|l| l.get("message").is_none()),
        "{lines:?}"
    );
}

#[test]
fn flat_mode_keeps_dotted_keys() {
    let (lines, _) = lines_of(CloudLogging::builder().flat(), || {
        safe_log::info!(diag = &diag(), "flat");
    });
    let line = &lines[0];
    assert_eq!(line["diag.state"], "connected");
    assert_eq!(line["diag.peer.port"], 51234);
    assert_eq!(line["diag.close.code"], 1011);
    assert!(line.get("diag").is_none());
}

#[test]
fn keys_that_are_values_and_prefixes_and_keys_out_of_order() {
    let lines = lines(|| {
        tracing::info!(b.x = 1, a = "v", a.b = 2, a.b.c = 3, b.y = 4, c = 5);
    });
    let line = &lines[0];
    assert_eq!(line["a"], "v");
    assert_eq!(line["a.b"], 2);
    assert_eq!(line["a.b.c"], 3);
    assert_eq!(line["b"], json!({"x": 1, "y": 4}));
    assert_eq!(line["c"], 5);
}

#[test]
fn integers_beyond_2_pow_53_are_strings_and_non_finite_floats_too() {
    let exact = (1u64 << 53) - 1;
    let lines = lines(|| {
        safe_log::info!(
            below = exact,
            at = 1u64 << 53,
            max = u64::MAX,
            neg_below = -(i64::try_from(exact).unwrap()),
            neg_at = -(1i64 << 53),
            min = i64::MIN,
            big = u128::MAX,
            nan = f64::NAN,
            inf = f64::INFINITY,
            neg_inf = f64::NEG_INFINITY,
            half = 0.5f64,
        );
        tracing::info!(wide = 1u128 << 60, narrow = 5i128);
    });
    let line = &lines[0];
    assert_eq!(line["below"], json!(exact));
    assert_eq!(line["at"], "9007199254740992");
    assert_eq!(line["max"], "18446744073709551615");
    assert_eq!(line["neg_below"], json!(-9_007_199_254_740_991i64));
    assert_eq!(line["neg_at"], "-9007199254740992");
    assert_eq!(line["min"], "-9223372036854775808");
    assert_eq!(line["big"], "340282366920938463463374607431768211455");
    assert_eq!(line["nan"], "NaN");
    assert_eq!(line["inf"], "Infinity");
    assert_eq!(line["neg_inf"], "-Infinity");
    assert_eq!(line["half"], 0.5);
    assert_eq!(lines[1]["wide"], "1152921504606846976");
    assert_eq!(lines[1]["narrow"], 5);
}

#[test]
fn no_value_can_break_or_forge_a_line() {
    let hostile =
        "a\n{\"severity\":\"ERROR\"}\r\u{2028}\u{2029}\u{202e}evil\u{2066}\u{85}\u{7f}\u{0}\"\\";
    let (lines, text) = lines_of(CloudLogging::builder(), || {
        safe_log::warn!(input = hostile, "got {}", hostile);
        // safe-log: allow(debug-field, display-field) the layer must bound what tracing's escape hatches produce
        tracing::warn!(debug = ?hostile, display = %hostile);
    });
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(text.matches('\n').count(), 2);
    for bad in [
        '\r', '\u{2028}', '\u{2029}', '\u{202e}', '\u{2066}', '\u{85}', '\u{7f}', '\u{0}',
    ] {
        assert!(!text.contains(bad), "{bad:?} written raw");
    }
    assert_eq!(lines[0]["input"], hostile);
    // In the message, the value's controls are escaped as text (Rust's
    // escapes) before the line escapes the rest as JSON.
    assert_eq!(
        lines[0]["message"],
        r#"got a\n{"severity":"ERROR"}\r\u{2028}\u{2029}\u{202e}evil\u{2066}\u{0085}\u{007f}\u{0000}"\"#
    );
    assert_eq!(lines[1]["display"], hostile);
    assert_eq!(lines[1]["debug"], format!("{hostile:?}"));
}

struct FailingDisplay;

impl fmt::Display for FailingDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("partial \"text")?;
        Err(fmt::Error)
    }
}

impl fmt::Debug for FailingDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Failing {")?;
        Err(fmt::Error)
    }
}

#[derive(Debug)]
struct Oops;

impl fmt::Display for Oops {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("disk full")
    }
}

impl std::error::Error for Oops {}

#[test]
fn ordinary_tracing_fields_are_bounded_strings_and_failures_are_marked() {
    let lines = lines(|| {
        let error: &(dyn std::error::Error + 'static) = &Oops;
        // safe-log: allow(debug-field, display-field) failing formatters, on purpose
        tracing::error!(shown = %FailingDisplay, debugged = ?FailingDisplay, error, "native");
        // safe-log: allow(debug-format) a failing formatter, on purpose
        tracing::error!("message {:?}", FailingDisplay);
    });
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["shown"], "partial \"text[fmt error]");
    assert_eq!(lines[0]["debugged"], "Failing {[fmt error]");
    assert_eq!(lines[0]["error"], "disk full");
    assert_eq!(lines[1]["message"], "message Failing {[fmt error]");
}

#[test]
fn strings_are_capped() {
    let long = "é".repeat(10_000);
    let (lines, _) = lines_of(CloudLogging::builder().max_string(100), || {
        safe_log::info!(long = long.as_str(), "{}", long.as_str());
    });
    let value = lines[0]["long"].as_str().unwrap();
    assert!(value.len() <= 100 && value.ends_with('…'), "{value}");
    assert!(value.trim_end_matches('…').chars().all(|c| c == 'é'));
    let message = lines[0]["message"].as_str().unwrap();
    assert!(message.len() <= 100 && message.ends_with('…'));
}

#[derive(SafeLog)]
struct Wide {
    a: String,
    b: String,
    c: String,
    d: String,
    e: String,
    f: String,
}

#[test]
fn an_oversized_line_drops_fields_from_the_end_and_says_how_many() {
    let chunk = "x".repeat(3000);
    let wide = Wide {
        a: chunk.clone(),
        b: chunk.clone(),
        c: chunk.clone(),
        d: chunk.clone(),
        e: chunk.clone(),
        f: chunk,
    };
    let big_message = "m".repeat(20_000);
    let (lines, text) = lines_of(CloudLogging::builder().max_line(10_000), || {
        safe_log::error!(w = &wide, "{}", big_message.as_str());
    });
    for line in text.lines() {
        assert!(line.len() < 10_000, "{}", line.len());
    }
    let line = &lines[0];
    assert_eq!(line["severity"], "ERROR");
    assert!(line["message"].as_str().unwrap().starts_with("mmm"));
    assert!(line["time"].is_string());
    assert!(line["logging.googleapis.com/sourceLocation"].is_object());
    let dropped = line["droppedFields"].as_u64().expect("a dropped count");
    let kept = line["w"].as_object().map_or(0, serde_json::Map::len);
    assert_eq!(kept + usize::try_from(dropped).unwrap(), 6);
    assert!(dropped > 0);
    // The fields kept are the first ones.
    if kept > 0 {
        assert!(line["w"]["a"].is_string());
    }
}

#[test]
fn a_failing_writer_loses_lines_counts_them_and_never_panics() {
    let layer = CloudLogging::builder().writer(Broken).build();
    let lost = layer.lost_lines();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        for i in 0..5u32 {
            safe_log::error!(i, "into a closed pipe");
        }
    });
    assert_eq!(lost.get(), 5);
}

#[test]
fn a_trace_id_in_a_span_correlates_the_line() {
    let (lines, _) = lines_of(CloudLogging::builder().project_id("my-project"), || {
        let request = tracing::info_span!(
            "request",
            trace_id = "4bf92f3577b34da6a3ce929d0e0e4736",
            method = "GET"
        );
        let _request = request.enter();
        let handler = tracing::info_span!("handler", span_id = "00f067aa0ba902b7", conn = 7u64);
        let _handler = handler.enter();
        safe_log::info!(step = 1u8, "in a span");
    });
    let line = &lines[0];
    assert_eq!(
        line["logging.googleapis.com/trace"],
        "projects/my-project/traces/4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert_eq!(line["logging.googleapis.com/spanId"], "00f067aa0ba902b7");
    assert_eq!(
        line["spans"],
        json!([
            {"name": "request", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "method": "GET"},
            {"name": "handler", "span_id": "00f067aa0ba902b7", "conn": 7},
        ])
    );
}

#[test]
fn without_a_project_there_is_no_trace_and_without_a_span_id_the_span_s_own() {
    let (lines, _) = lines_of(CloudLogging::builder().project_id(""), || {
        let span = tracing::info_span!("request", trace_id = "abc");
        let _span = span.enter();
        safe_log::info!(n = 1u8);
    });
    assert!(lines[0].get("logging.googleapis.com/trace").is_none());
    let (lines, _) = lines_of(CloudLogging::builder().project_id("p"), || {
        let span = tracing::info_span!("request", trace_id = "abc");
        let _span = span.enter();
        safe_log::info!(n = 1u8);
    });
    let span_id = lines[0]["logging.googleapis.com/spanId"].as_str().unwrap();
    assert_eq!(span_id.len(), 16);
    assert!(span_id.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn a_field_named_like_the_line_s_own_keys_is_prefixed() {
    let lines = lines(|| {
        tracing::info!(severity = "mine", target = "mine", time = 3, spans = 1, "x");
    });
    let line = &lines[0];
    assert_eq!(line["severity"], "INFO");
    assert_eq!(line["_severity"], "mine");
    assert_eq!(line["_target"], "mine");
    assert_eq!(line["_time"], 3);
    assert_eq!(line["_spans"], 1);
}

#[test]
fn a_duration_and_an_empty_event() {
    let lines = lines(|| {
        safe_log::info!(elapsed = Duration::from_millis(1500));
        tracing::info!("");
    });
    assert_eq!(lines[0]["elapsed"], 1.5);
    assert!(lines[0].get("message").is_none());
    // An empty message written as such is kept.
    assert_eq!(lines[1]["message"], "");
}

#[test]
fn fields_in_any_order_give_the_same_object() {
    let lines = lines(|| {
        // In order: written as they come.
        tracing::info!(a.x = 1, a.y = 2, b = 3, c.d.e = 4, c.f = 5);
        // Out of order: collected and sorted.
        tracing::info!(c.f = 5, a.y = 2, b = 3, a.x = 1, c.d.e = 4);
        tracing::info!(c.d.e = 4, b = 3, a.x = 1, c.f = 5, a.y = 2);
    });
    let expected = json!({"a": {"x": 1, "y": 2}, "b": 3, "c": {"d": {"e": 4}, "f": 5}});
    for line in &lines {
        for key in ["a", "b", "c"] {
            assert_eq!(line[key], expected[key], "{line}");
        }
    }
}

#[derive(SafeLog)]
enum SharedKeys {
    First { code: u16, extra: u8 },
    Second { code: u16 },
}

#[test]
fn an_enum_whose_variants_share_keys_is_written_whole() {
    // The callsite declares `e.code` twice: its fields are sorted, and the
    // one present is written once.
    let lines = lines(|| {
        safe_log::info!(e = &SharedKeys::Second { code: 7 });
        safe_log::info!(e = &SharedKeys::First { code: 8, extra: 1 });
    });
    assert_eq!(lines[0]["e"], "second");
    assert_eq!(lines[0]["e.code"], 7);
    assert_eq!(lines[1]["e"], "first");
    assert_eq!(lines[1]["e.code"], 8);
    assert_eq!(lines[1]["e.extra"], 1);
}

#[derive(Debug)]
struct Refused(std::io::Error);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("upstream refused the connection")
    }
}

impl std::error::Error for Refused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn refused() -> Refused {
    Refused(std::io::Error::new(
        std::io::ErrorKind::ConnectionRefused,
        "connection refused",
    ))
}

#[test]
fn an_error_event_with_an_error_is_an_error_reporting_event() {
    let builder =
        CloudLogging::builder().service_context("ws-gateway", Some("ws-gateway-00042".into()));
    let (lines, _) = lines_of(builder, || {
        let error = refused();
        safe_log::error!(error, attempt = 3u8, "websocket message processing failed");
        // Not reported: no error value, or not at ERROR.
        safe_log::error!(attempt = 4u8, "no error value");
        safe_log::warn!(error = refused(), "a warning");
        // A native tracing error is an error too.
        let native = refused();
        tracing::error!(error = &native as &dyn std::error::Error, "native");
    });
    let line = &lines[0];
    assert_eq!(
        line["error"],
        "upstream refused the connection: connection refused"
    );
    assert_eq!(
        line["@type"],
        "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent"
    );
    let location = &line["context"]["reportLocation"];
    assert_eq!(location["filePath"], "tests/tests/cloud.rs");
    assert!(location["lineNumber"].as_u64().unwrap() > 0);
    assert_eq!(
        location["lineNumber"].as_u64().unwrap().to_string(),
        line["logging.googleapis.com/sourceLocation"]["line"]
    );
    assert_eq!(location["functionName"], "cloud");
    assert_eq!(
        line["serviceContext"],
        json!({"service": "ws-gateway", "version": "ws-gateway-00042"})
    );
    assert_eq!(line["message"], "websocket message processing failed");
    for quiet in &lines[1..3] {
        assert!(quiet.get("@type").is_none(), "{quiet}");
        assert!(quiet.get("context").is_none(), "{quiet}");
    }
    assert_eq!(
        lines[2]["error"],
        "upstream refused the connection: connection refused"
    );
    assert_eq!(
        lines[3]["error"],
        "upstream refused the connection: connection refused"
    );
    assert!(lines[3].get("@type").is_some());
}

#[test]
fn error_reporting_can_be_turned_off_and_needs_no_service() {
    let off = CloudLogging::builder().error_reporting(false);
    let (lines, _) = lines_of(off, || safe_log::error!(error = refused(), "off"));
    assert!(lines[0].get("@type").is_none());
    let no_service = CloudLogging::builder().service_context("", None);
    let (lines, _) = lines_of(no_service, || safe_log::error!(error = refused(), "on"));
    assert!(lines[0].get("@type").is_some());
    assert!(lines[0].get("serviceContext").is_none());
}

#[test]
fn fields_named_like_error_reporting_members_are_renamed() {
    let (lines, _) = lines_of(CloudLogging::builder(), || {
        safe_log::error!(context = "user field", error = refused(), "renamed");
    });
    assert_eq!(lines[0]["_context"], "user field");
    assert!(lines[0]["context"]["reportLocation"].is_object());
}

#[test]
fn an_error_report_fits_in_the_smallest_line() {
    let big = "x".repeat(100_000);
    let builder = CloudLogging::builder()
        .max_line(safe_log::cloud::MIN_MAX_LINE)
        .service_context("s".repeat(2000), Some("v".repeat(2000)));
    let (lines, text) = lines_of(builder, || {
        safe_log::error!(error = refused(), note = big.as_str(), "{}", big);
    });
    assert!(
        text.len() <= safe_log::cloud::MIN_MAX_LINE,
        "{}",
        text.len()
    );
    assert!(lines[0]["@type"].is_string());
    assert!(lines[0]["serviceContext"]["service"].is_string());
}

#[test]
fn span_fields_are_nested_like_event_fields() {
    let peer = Peer {
        ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
        port: 443,
    };
    let builder = CloudLogging::builder().project_id("my-project");
    let (lines, _) = lines_of(builder, || {
        let span = safe_log::info_span!(
            "connection",
            peer = &peer,
            trace_id = "4bf92f3577b34da6a3ce929d0e0e4736",
            span_id = "00f067aa0ba902b7",
            name = "a field called name",
            status = safe_log::empty::<u16>()
        );
        safe_log::record!(span, status = 101u16);
        let _entered = span.enter();
        safe_log::info!("upgraded");
    });
    let line = &lines[0];
    assert_eq!(
        line["spans"],
        json!([{
            "name": "connection",
            "peer": {"ip": "10.0.0.7", "port": 443},
            "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
            "span_id": "00f067aa0ba902b7",
            "_name": "a field called name",
            "status": 101,
        }])
    );
    assert_eq!(
        line["logging.googleapis.com/trace"],
        "projects/my-project/traces/4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert_eq!(line["logging.googleapis.com/spanId"], "00f067aa0ba902b7");
    let (flat, _) = lines_of(CloudLogging::builder().flat(), || {
        let span = safe_log::info_span!("connection", peer = &peer);
        let _entered = span.enter();
        safe_log::info!("flat");
    });
    assert_eq!(
        flat[0]["spans"],
        json!([{"name": "connection", "peer.ip": "10.0.0.7", "peer.port": 443}])
    );
}

#[test]
fn debug_recorded_values_can_be_hidden_and_counted() {
    #[derive(Debug)]
    struct Secret {
        #[allow(dead_code, reason = "read by Debug only")]
        token: &'static str,
    }
    let layer = CloudLogging::builder().hide_debug_values();
    let out = support::writer::Shared::default();
    let layer = layer.writer(out.clone()).build();
    let hidden = layer.hidden_debug_values();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        let secret = Secret { token: "hunter2" };
        // safe-log: allow(debug-field, credential-name) the very thing the option hides
        let span = tracing::info_span!("legacy", secret = ?secret, plain = 3);
        let _entered = span.enter();
        // safe-log: allow(debug-field, credential-name) the very thing the option hides
        tracing::info!(secret = ?secret, "a {} message keeps its text", "formatted");
        safe_log::info!(count = 2u8, "safe events are untouched");
    });
    let lines = out.lines();
    assert_eq!(lines[0]["secret"], safe_log::cloud::DEBUG_HIDDEN);
    assert_eq!(lines[0]["message"], "a formatted message keeps its text");
    assert_eq!(
        lines[0]["spans"][0]["secret"],
        safe_log::cloud::DEBUG_HIDDEN
    );
    assert_eq!(lines[0]["spans"][0]["plain"], 3);
    assert_eq!(lines[1]["count"], 2);
    assert!(!out.text().contains("hunter2"));
    assert_eq!(hidden.get(), 2);
    // Default: written as today.
    let (lines, _) = lines_of(CloudLogging::builder(), || {
        // safe-log: allow(debug-field) the default keeps Debug text
        tracing::info!(value = ?Some(1), "default");
    });
    assert_eq!(lines[0]["value"], "Some(1)");
}
