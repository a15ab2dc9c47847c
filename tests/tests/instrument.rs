//! `#[safe_log::instrument]`: arguments recorded by their log form under
//! their names, tracing's options, sync and async functions, methods,
//! generic functions, `err` and `ret`.

#![allow(
    clippy::unnecessary_wraps,
    reason = "instrumented functions return results on purpose"
)]

mod support;

use std::sync::{Arc, Mutex, PoisonError};

use safe_log::SafeLog;
use support::Val;
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The fields of a span or an event.
type Fields = Vec<(String, Val)>;

#[derive(Clone, Debug, Default)]
struct Seen {
    /// (name, level, fields) of each span.
    spans: Vec<(String, tracing::Level, Fields)>,
    /// (span it is in, level, fields) of each event.
    events: Vec<(Option<String>, tracing::Level, Fields)>,
}

#[derive(Clone, Default)]
struct Record(Arc<Mutex<Seen>>);

struct Collect<'a>(&'a mut Vec<(String, Val)>);

impl tracing::field::Visit for Collect<'_> {
    fn record_bool(&mut self, f: &tracing::field::Field, v: bool) {
        self.0.push((f.name().into(), Val::Bool(v)));
    }
    fn record_i64(&mut self, f: &tracing::field::Field, v: i64) {
        self.0.push((f.name().into(), Val::I64(v)));
    }
    fn record_u64(&mut self, f: &tracing::field::Field, v: u64) {
        self.0.push((f.name().into(), Val::U64(v)));
    }
    fn record_str(&mut self, f: &tracing::field::Field, v: &str) {
        self.0.push((f.name().into(), Val::Str(v.into())));
    }
    fn record_error(&mut self, f: &tracing::field::Field, v: &(dyn std::error::Error + 'static)) {
        self.0.push((f.name().into(), Val::Error(v.to_string())));
    }
    fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
        self.0.push((f.name().into(), Val::Debug(format!("{v:?}"))));
    }
}

impl<S> Layer<S> for Record
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut fields = Vec::new();
        attrs.record(&mut Collect(&mut fields));
        let meta = attrs.metadata();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .spans
            .push((meta.name().into(), *meta.level(), fields));
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut Collect(&mut fields));
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .events
            .push((span, *event.metadata().level(), fields));
    }
}

fn seen(f: impl FnOnce()) -> Seen {
    let record = Record::default();
    let subscriber = tracing_subscriber::registry()
        .with(record.clone())
        .with(tracing_subscriber::filter::LevelFilter::TRACE);
    tracing::subscriber::with_default(subscriber, f);
    record.0.lock().unwrap().clone()
}

#[derive(SafeLog, Clone)]
struct Job {
    id: u64,
    queue: &'static str,
}

#[safe_log::instrument]
fn plain(job: &Job, attempt: u32, label: &str) -> u64 {
    safe_log::info!("inside");
    job.id + u64::from(attempt) + label.len() as u64
}

#[test]
fn arguments_are_recorded_by_their_log_form_under_their_names() {
    let job = Job {
        id: 7,
        queue: "reindex",
    };
    let seen = seen(|| assert_eq!(plain(&job, 2, "x"), 10));
    assert_eq!(
        seen.spans,
        [(
            "plain".to_owned(),
            tracing::Level::INFO,
            fields! {
                "job.id" => 7u64,
                "job.queue" => "reindex",
                "attempt" => 2u64,
                "label" => "x",
            }
        )]
    );
    assert_eq!(seen.events[0].0.as_deref(), Some("plain"));
}

#[safe_log::instrument(
    name = "renamed",
    level = "debug",
    target = "jobs",
    skip(token),
    fields(queue = "override", extra = 1u8)
)]
fn options(queue: &str, token: &str, n: u8) -> u8 {
    let _ = (queue, token);
    n
}

#[test]
fn tracing_options_name_level_skip_and_fields() {
    let seen = seen(|| assert_eq!(options("q", "s3cret", 3), 3));
    let (name, level, fields) = &seen.spans[0];
    assert_eq!(name, "renamed");
    assert_eq!(*level, tracing::Level::DEBUG);
    // `token` skipped; `queue` replaced by the `fields(...)` entry.
    assert_eq!(
        *fields,
        fields! { "n" => 3u64, "queue" => "override", "extra" => 1u64 }
    );
}

#[derive(Debug, thiserror::Error)]
#[error("job failed")]
struct JobError(#[source] std::io::Error);

#[safe_log::instrument(err, ret)]
fn fallible(fail: bool) -> Result<u32, JobError> {
    if fail {
        return Err(JobError(std::io::Error::other("disk full")));
    }
    Ok(5)
}

#[test]
fn err_logs_the_chain_at_error_and_ret_the_value() {
    let seen = seen(|| {
        assert_eq!(fallible(false).unwrap(), 5);
        assert!(fallible(true).is_err());
    });
    assert_eq!(
        seen.events,
        [
            (
                Some("fallible".to_owned()),
                tracing::Level::INFO,
                fields! { "return" => 5u64 }
            ),
            (
                Some("fallible".to_owned()),
                tracing::Level::ERROR,
                vec![(
                    "error".to_owned(),
                    Val::Error("job failed: disk full".into())
                )]
            ),
        ]
    );
}

struct Worker {
    name: &'static str,
}

impl Worker {
    #[safe_log::instrument(skip(self), fields(worker = self.name))]
    fn work(&self, job: &Job) -> u64 {
        safe_log::info!("working");
        job.id
    }

    #[safe_log::instrument(skip_all, err(level = "warn"))]
    async fn work_async(&self, job: Job) -> Result<u64, JobError> {
        ready().await;
        safe_log::info!(job.id, "async work");
        if job.id == 0 {
            return Err(JobError(std::io::Error::other("zero")));
        }
        Ok(job.id)
    }
}

async fn ready() {
    std::future::ready(()).await;
}

#[safe_log::instrument]
async fn fetch(id: u64) -> u64 {
    ready().await;
    safe_log::info!("fetched");
    id
}

#[safe_log::instrument(level = "trace")]
fn later(id: u64) -> impl std::future::Future<Output = u64> {
    async move {
        safe_log::info!("in the future");
        id
    }
}

#[safe_log::instrument]
fn generic<T: SafeLog + Clone>(value: &T, count: usize) -> T {
    let _ = count;
    value.clone()
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

#[test]
fn methods_async_impl_future_and_generics() {
    let worker = Worker { name: "w1" };
    let job = Job { id: 9, queue: "q" };
    let seen = seen(|| {
        assert_eq!(worker.work(&job), 9);
        assert_eq!(block_on(fetch(4)), 4);
        assert_eq!(block_on(later(5)), 5);
        assert_eq!(generic(&3u16, 2).to_string(), "3");
        assert_eq!(block_on(worker.work_async(job.clone())).unwrap(), 9);
        assert!(block_on(worker.work_async(Job { id: 0, queue: "q" })).is_err());
    });
    let names: Vec<&str> = seen.spans.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "work",
            "fetch",
            "later",
            "generic",
            "work_async",
            "work_async"
        ]
    );
    assert_eq!(
        seen.spans[0].2,
        fields! { "job.id" => 9u64, "job.queue" => "q", "worker" => "w1" }
    );
    assert_eq!(seen.spans[1].2, fields! { "id" => 4u64 });
    assert_eq!(seen.spans[2].1, tracing::Level::TRACE);
    assert_eq!(
        seen.spans[3].2,
        fields! { "value" => 3u64, "count" => 2u64 }
    );
    assert!(seen.spans[4].2.is_empty());
    // Each event happened inside its function's span, the async ones too.
    let in_span: Vec<(Option<&str>, tracing::Level)> = seen
        .events
        .iter()
        .map(|(span, level, _)| (span.as_deref(), *level))
        .collect();
    assert_eq!(
        in_span,
        [
            (Some("work"), tracing::Level::INFO),
            (Some("fetch"), tracing::Level::INFO),
            (Some("later"), tracing::Level::INFO),
            (Some("work_async"), tracing::Level::INFO),
            (Some("work_async"), tracing::Level::INFO),
            (Some("work_async"), tracing::Level::WARN),
        ]
    );
}

/// Arguments named like keys an event's sinks reserve: a span's fields are
/// written inside the span, where they collide with nothing.
#[safe_log::instrument]
fn reserved_names(message: &str, time: u64, severity: u8) -> usize {
    message.len() + usize::from(severity) + usize::try_from(time).unwrap_or(0)
}

#[test]
fn arguments_named_like_reserved_keys_are_span_fields() {
    let seen = seen(|| {
        assert_eq!(reserved_names("hi", 3, 1), 6);
        let span = safe_log::info_span!("request", message = "m", time = 5u8);
        safe_log::record!(span, message = "n");
    });
    assert_eq!(
        seen.spans[0].2,
        fields! {
            "message" => "hi",
            "time" => 3u64,
            "severity" => 1u64,
        }
    );
    assert_eq!(
        seen.spans[1].2,
        fields! {
            "message" => "m",
            "time" => 5u64,
        }
    );
}
