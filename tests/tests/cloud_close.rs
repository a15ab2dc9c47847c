//! `Builder::span_close_lines`: a line when a span closes, with how long it
//! lived and was entered; none by default.

mod support;

use safe_log::cloud::CloudLogging;
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

fn lines_of(builder: safe_log::cloud::Builder, f: impl FnOnce()) -> Vec<serde_json::Value> {
    let out = Shared::default();
    let layer = builder.writer(out.clone()).build();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, f);
    out.lines()
}

fn work() {
    let outer = safe_log::info_span!("request", method = "GET");
    let _outer = outer.enter();
    {
        let inner = safe_log::debug_span!("query", table = "users");
        let _inner = inner.enter();
        safe_log::info!(rows = 3u8, "fetched");
    }
    safe_log::info!("served");
}

#[test]
fn a_closed_span_writes_a_line_with_its_timing() {
    let lines = lines_of(CloudLogging::builder().span_close_lines(), work);
    let messages: Vec<&str> = lines
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        ["fetched", "query closed", "served", "request closed"]
    );
    let query = &lines[1];
    assert_eq!(query["severity"], "DEBUG");
    assert_eq!(query["target"], "cloud_close");
    assert!(query["elapsed"].as_f64().unwrap() >= 0.0);
    assert!(query["busy"].as_f64().unwrap() >= 0.0);
    assert!(query["busy"].as_f64().unwrap() <= query["elapsed"].as_f64().unwrap());
    // The closed span is the innermost entry, with its fields.
    assert_eq!(
        query["spans"],
        serde_json::json!([
            { "name": "request", "method": "GET" },
            { "name": "query", "table": "users" },
        ])
    );
    let request = &lines[3];
    assert_eq!(request["severity"], "INFO");
    assert_eq!(
        request["spans"],
        serde_json::json!([{ "name": "request", "method": "GET" }])
    );
}

#[test]
fn none_by_default() {
    let lines = lines_of(CloudLogging::builder(), work);
    assert_eq!(lines.len(), 2);
}
