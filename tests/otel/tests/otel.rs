//! safe-log's events reach `opentelemetry-appender-tracing` (logs) and its
//! spans `tracing-opentelemetry` (traces) with typed attributes, errors as
//! the bridges' exception attributes, redacted values as the marker.

use opentelemetry::logs::AnyValue;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry::{Key, Value};
use opentelemetry_sdk::logs::{InMemoryLogExporter, SdkLoggerProvider};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use safe_log::SafeLog;
use tracing_subscriber::layer::SubscriberExt;

#[derive(SafeLog)]
struct Job<'a> {
    id: u64,
    delta: i32,
    ratio: f64,
    done: bool,
    queue: &'a str,
    peer: std::net::IpAddr,
    #[safe_log(redact)]
    token: &'a str,
}

fn job() -> Job<'static> {
    Job {
        id: 7,
        delta: -3,
        ratio: 0.5,
        done: false,
        queue: "reindex",
        peer: [10, 0, 0, 7].into(),
        token: "s3cret",
    }
}

#[derive(Debug)]
struct Failed(std::io::Error);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("job failed")
    }
}

impl std::error::Error for Failed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[safe_log::instrument(skip(secret))]
fn handle(job: &Job<'_>, attempt: u32, secret: &str) {
    let _ = secret;
    safe_log::info!(attempt, "handled");
}

#[test]
fn events_become_log_records_and_spans_become_otel_spans() {
    let logs = InMemoryLogExporter::default();
    let logger_provider = SdkLoggerProvider::builder()
        .with_simple_exporter(logs.clone())
        .build();
    let spans = InMemorySpanExporter::default();
    let tracer_provider = SdkTracerProvider::builder()
        .with_simple_exporter(spans.clone())
        .build();
    let subscriber = tracing_subscriber::registry()
        .with(
            opentelemetry_appender_tracing::layer::OpenTelemetryTracingBridge::new(
                &logger_provider,
            ),
        )
        .with(tracing_opentelemetry::layer().with_tracer(tracer_provider.tracer("safe-log")));
    tracing::subscriber::with_default(subscriber, || {
        let job = job();
        let error = Failed(std::io::Error::other("disk full"));
        safe_log::error!(job = &job, error, "job failed after {} attempts", 3u8);
        let span = safe_log::info_span!("request", job = &job, status = safe_log::empty::<u16>());
        safe_log::record!(span, status = 503u16);
        span.in_scope(|| handle(&job, 2, "hunter2"));
    });
    let _ = logger_provider.force_flush();
    let _ = tracer_provider.force_flush();

    let records = logs.get_emitted_logs().unwrap();
    let first = &records[0].record;
    assert_eq!(
        first.body(),
        Some(&AnyValue::from("job failed after 3 attempts".to_owned()))
    );
    let attrs: Vec<(String, AnyValue)> = first
        .attributes_iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
        .collect();
    let attr = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| panic!("no {key} in {attrs:?}"), |(_, v)| v.clone())
    };
    // u64 values that fit are i64 attributes (the bridge's rule).
    assert_eq!(attr("job.id"), AnyValue::Int(7));
    assert_eq!(attr("job.delta"), AnyValue::Int(-3));
    assert_eq!(attr("job.ratio"), AnyValue::Double(0.5));
    assert_eq!(attr("job.done"), AnyValue::Boolean(false));
    assert_eq!(attr("job.queue"), AnyValue::from("reindex".to_owned()));
    assert_eq!(attr("job.peer"), AnyValue::from("10.0.0.7".to_owned()));
    assert_eq!(attr("job.token"), AnyValue::from("[redacted]".to_owned()));
    // An error is the bridge's exception: its message is the chain.
    assert_eq!(
        attr("exception.message"),
        AnyValue::from("job failed: disk full".to_owned())
    );
    assert!(
        !format!("{attrs:?}").contains("s3cret"),
        "the redacted value is nowhere"
    );

    let finished = spans.get_finished_spans().unwrap();
    let request = finished.iter().find(|s| s.name == "request").unwrap();
    let span_attr = |span: &opentelemetry_sdk::trace::SpanData, key: &str| {
        span.attributes
            .iter()
            .find(|kv| kv.key == Key::new(key.to_owned()))
            .map(|kv| kv.value.clone())
    };
    assert_eq!(span_attr(request, "job.delta"), Some(Value::I64(-3)));
    assert_eq!(span_attr(request, "job.ratio"), Some(Value::F64(0.5)));
    assert_eq!(span_attr(request, "job.done"), Some(Value::Bool(false)));
    assert_eq!(
        span_attr(request, "job.queue"),
        Some(Value::from("reindex"))
    );
    assert_eq!(
        span_attr(request, "job.token"),
        Some(Value::from("[redacted]"))
    );
    // tracing-opentelemetry has no `record_u64`: tracing's default hands a
    // u64 to `record_debug`, so it arrives as its decimal text.
    assert_eq!(span_attr(request, "job.id"), Some(Value::from("7")));
    assert_eq!(span_attr(request, "status"), Some(Value::from("503")));
    let handle = finished.iter().find(|s| s.name == "handle").unwrap();
    assert_eq!(span_attr(handle, "job.queue"), Some(Value::from("reindex")));
    assert_eq!(span_attr(handle, "attempt"), Some(Value::from("2")));
    assert_eq!(span_attr(handle, "secret"), None);
    assert_eq!(handle.parent_span_id, request.span_context.span_id());
}
