//! `HttpRequest`: the line's top-level `httpRequest`, with Google's names
//! and JSON forms; an ordinary record for every other sink.

mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use safe_log::Fields;
use safe_log::cloud::{CloudLogging, HttpRequest};
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

fn lines_of(
    builder: safe_log::cloud::Builder,
    f: impl FnOnce(),
) -> (Vec<serde_json::Value>, String) {
    let out = Shared::default();
    let layer = builder.writer(out.clone()).build();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, f);
    (out.lines(), out.text())
}

fn full() -> HttpRequest<'static> {
    HttpRequest {
        method: "POST",
        url: "https://example.com/orders?id=7",
        status: 201,
        latency: Duration::from_millis(250),
        request_size: Some(1_024),
        response_size: Some(9_007_199_254_740_993),
        user_agent: Some("curl/8.0 \"quoted\"\n"),
        remote_ip: Some(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9))),
        server_ip: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        referer: Some("https://example.com/"),
        protocol: Some("HTTP/1.1"),
    }
}

#[test]
fn the_line_has_google_s_http_request() {
    let request = full();
    let minimal = HttpRequest {
        method: "GET",
        url: "/",
        status: 404,
        latency: Duration::from_micros(1_500),
        ..HttpRequest::default()
    };
    let (lines, _) = lines_of(CloudLogging::builder(), || {
        safe_log::info!(http = &request, order = 7u32, "created");
        safe_log::warn!(request = &minimal, "not found");
    });
    assert_eq!(
        lines[0]["httpRequest"],
        serde_json::json!({
            "requestMethod": "POST",
            "requestUrl": "https://example.com/orders?id=7",
            "status": 201,
            "latency": "0.250s",
            "requestSize": "1024",
            "responseSize": "9007199254740993",
            "userAgent": "curl/8.0 \"quoted\"\n",
            "remoteIp": "203.0.113.9",
            "serverIp": "127.0.0.1",
            "referer": "https://example.com/",
            "protocol": "HTTP/1.1",
        })
    );
    // Not in the payload.
    assert!(lines[0].get("http").is_none());
    assert_eq!(lines[0]["order"], 7);
    assert_eq!(
        lines[1]["httpRequest"],
        serde_json::json!({
            "requestMethod": "GET",
            "requestUrl": "/",
            "status": 404,
            "latency": "0.001500s",
        })
    );
}

#[test]
fn other_sinks_see_an_ordinary_record() {
    let request = HttpRequest {
        method: "GET",
        url: "/",
        status: 200,
        latency: Duration::from_millis(2),
        ..HttpRequest::default()
    };
    assert_eq!(
        serde_json::to_value(Fields(&request)).unwrap(),
        serde_json::json!({ "method": "GET", "url": "/", "status": 200, "latency": 0.002 })
    );
}

#[test]
fn a_huge_url_keeps_the_line_under_its_cap() {
    let url = "u".repeat(300_000);
    let request = HttpRequest {
        method: "GET",
        url: &url,
        status: 200,
        ..HttpRequest::default()
    };
    let (lines, text) = lines_of(CloudLogging::builder().max_line(16 * 1024), || {
        safe_log::info!(http = &request, "big");
    });
    assert!(text.len() <= 16 * 1024);
    let written = lines[0]["httpRequest"]["requestUrl"].as_str().unwrap();
    assert!(written.ends_with('…') && written.len() < 4 * 1024);
}
