//! An event through `safe_log::error!` and the Cloud Logging layer allocates
//! nothing once the buffers are warm. Allocation counts are deterministic,
//! so this is a test, not a benchmark.

use std::io;
use std::net::{IpAddr, Ipv4Addr};

use safe_log::SafeLog;
use safe_log::cloud::CloudLogging;
use safe_log_test_support::{Counting, allocations_during};
use tracing_subscriber::layer::SubscriberExt;

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(SafeLog)]
enum WebSocketState {
    Connected,
}

#[derive(SafeLog)]
struct Diag<'a> {
    conn_id: u64,
    user: &'a str,
    state: WebSocketState,
    close_code: Option<u16>,
    peer: IpAddr,
    ratio: f64,
    big: u64,
    initial: char,
    #[safe_log(redact)]
    token: &'a str,
}

/// A three-deep chain: request -> upstream -> io.
#[derive(Debug, thiserror::Error)]
#[error("request failed")]
struct RequestError(#[source] UpstreamError);

#[derive(Debug, thiserror::Error)]
#[error("upstream refused: {0}")]
struct UpstreamError(#[source] std::io::Error);

fn log_error(error: &RequestError, id: &uuid::Uuid, uri: &http::Uri) {
    safe_log::error!(error, request.id = id, uri, "request failed");
}

fn log_request(request: &safe_log::cloud::HttpRequest<'_>) {
    safe_log::info!(
        labels.tenant = "acme",
        labels.shard = 7u16,
        http = request,
        "served"
    );
}

fn log_list(channels: &[&str], ports: [u16; 3]) {
    safe_log::info!(channels, ports = &ports, pair = ("h2", 2u8), "subscribed");
}

fn log_once(diag: &Diag<'_>, attempt: u32) {
    safe_log::error!(
        diag = diag,
        attempt,
        "websocket message processing failed after {} attempts",
        attempt
    );
    tracing::warn!(native = 5, text = "plain", "a native event");
}

#[test]
fn zero_allocations_per_event_after_warm_up() {
    let layer = CloudLogging::builder()
        .writer(io::sink())
        .project_id("p")
        .label("env", "prod")
        .span_close_lines()
        .build();
    let lost = layer.lost_lines();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!("request", trace_id = "4bf92f35", method = "GET");
        let _entered = span.enter();
        let diag = Diag {
            conn_id: 7,
            user: "u-1",
            state: WebSocketState::Connected,
            close_code: Some(1011),
            peer: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            ratio: 0.5,
            big: u64::MAX,
            initial: 'x',
            token: "s3cret",
        };
        let error = RequestError(UpstreamError(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused",
        )));
        let id = uuid::Uuid::from_u128(7);
        let uri: http::Uri = "https://example.com/ws?room=7".parse().unwrap();
        let channels = [
            "news", "sports", "weather", "a\nb", "e", "f", "g", "h", "i", "j",
        ];
        let ports = [80, 443, 8080];
        let request = safe_log::cloud::HttpRequest {
            method: "GET",
            url: "https://example.com/ws?room=7",
            status: 101,
            latency: std::time::Duration::from_millis(3),
            user_agent: Some("client/1.0"),
            remote_ip: Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7))),
            ..Default::default()
        };
        for attempt in 0..100 {
            log_once(&diag, attempt);
            log_error(&error, &id, &uri);
            log_list(&channels, ports);
            log_request(&request);
        }
        let allocations = allocations_during(|| {
            for attempt in 0..1000 {
                log_once(&diag, attempt);
                log_error(&error, &id, &uri);
                log_list(&channels, ports);
                log_request(&request);
            }
        });
        assert_eq!(allocations, 0, "allocations in 5000 events");
    });
    assert_eq!(lost.get(), 0);
}
