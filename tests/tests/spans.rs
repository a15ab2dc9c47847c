//! Span macros with the event macros' checked syntax: flattened fields,
//! tracing's prefixes, fields declared now and recorded later, and nothing
//! evaluated for a disabled span.

mod support;

use std::cell::Cell;
use std::sync::{Arc, Mutex, PoisonError};

use safe_log::{Level, SafeLog};
use support::Val;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// What a layer saw of one span.
#[derive(Clone, Debug, Default)]
struct SeenSpan {
    name: String,
    target: String,
    level: Option<Level>,
    parent: Option<String>,
    field_names: Vec<String>,
    fields: Vec<(String, Val)>,
}

#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<SeenSpan>>>);

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
    fn record_f64(&mut self, f: &tracing::field::Field, v: f64) {
        self.0.push((f.name().into(), Val::F64(v)));
    }
    fn record_str(&mut self, f: &tracing::field::Field, v: &str) {
        self.0.push((f.name().into(), Val::Str(v.into())));
    }
    fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
        self.0.push((f.name().into(), Val::Debug(format!("{v:?}"))));
    }
}

impl<S> Layer<S> for Spans
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let meta = attrs.metadata();
        let mut fields = Vec::new();
        attrs.record(&mut Collect(&mut fields));
        let parent = ctx
            .span(id)
            .and_then(|s| s.parent())
            .map(|p| p.name().to_owned());
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(SeenSpan {
                name: meta.name().into(),
                target: meta.target().into(),
                level: Some(*meta.level()),
                parent,
                field_names: meta.fields().iter().map(|f| f.name().into()).collect(),
                fields,
            });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(name) = ctx.span(id).map(|s| s.name()) else {
            return;
        };
        let mut fields = Vec::new();
        values.record(&mut Collect(&mut fields));
        let mut spans = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(span) = spans.iter_mut().rev().find(|s| s.name == name) {
            span.fields.extend(fields);
        }
    }

    fn on_event(&self, _: &Event<'_>, _: Context<'_, S>) {}
}

fn spans(f: impl FnOnce()) -> Vec<SeenSpan> {
    let seen = Spans::default();
    let subscriber = tracing_subscriber::registry()
        .with(seen.clone())
        .with(tracing_subscriber::filter::LevelFilter::DEBUG);
    tracing::subscriber::with_default(subscriber, f);
    seen.0.lock().unwrap().clone()
}

#[derive(SafeLog)]
struct Peer {
    ip: std::net::IpAddr,
    port: u16,
}

#[derive(SafeLog)]
struct Outcome {
    status: u16,
    bytes: u64,
}

#[test]
fn span_fields_are_flattened_first_class_fields() {
    let peer = Peer {
        ip: [10, 0, 0, 7].into(),
        port: 443,
    };
    let seen = spans(|| {
        let span = safe_log::info_span!(
            "connection",
            peer = &peer,
            conn_id = 7u64,
            "quoted.key" = true
        );
        let _entered = span.enter();
        let inner = safe_log::span!(target: "ws", Level::DEBUG, "frame", opcode = 1u8);
        drop(inner);
    });
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].name, "connection");
    assert_eq!(seen[0].level, Some(Level::INFO));
    assert_eq!(
        seen[0].fields,
        fields! {
            "peer.ip" => "10.0.0.7",
            "peer.port" => 443u64,
            "conn_id" => 7u64,
            "quoted.key" => true,
        }
    );
    assert_eq!(seen[1].target, "ws");
    assert_eq!(seen[1].parent.as_deref(), Some("connection"));
    assert_eq!(seen[1].fields, fields! { "opcode" => 1u64 });
}

#[test]
fn parents_are_given_as_in_tracing() {
    let seen = spans(|| {
        let root = safe_log::info_span!("root");
        let current = safe_log::info_span!("current");
        let _entered = current.enter();
        let _child = safe_log::info_span!(parent: &root, "child");
        let _orphan = safe_log::info_span!(parent: None, "orphan");
    });
    assert_eq!(seen[2].parent.as_deref(), Some("root"));
    assert_eq!(seen[3].parent, None);
}

#[test]
fn fields_declared_now_are_recorded_later() {
    let seen = spans(|| {
        let span = safe_log::info_span!(
            "request",
            method = "GET",
            outcome = safe_log::empty::<Outcome>(),
            error = safe_log::empty::<std::io::Error>()
        );
        safe_log::record!(
            span,
            outcome = Outcome {
                status: 503,
                bytes: 12
            }
        );
        safe_log::record!(span, error = std::io::Error::other("upstream down"));
        // Not declared: recorded nowhere, as in tracing.
        safe_log::record!(span, undeclared = 1u8);
    });
    let span = &seen[0];
    assert_eq!(
        span.field_names,
        ["method", "outcome.status", "outcome.bytes", "error"]
    );
    assert_eq!(
        span.fields,
        fields! {
            "method" => "GET",
            "outcome.status" => 503u64,
            "outcome.bytes" => 12u64,
            "error" => "upstream down",
        }
    );
}

#[test]
fn a_disabled_span_evaluates_nothing() {
    let evaluated = Cell::new(0);
    let count = || {
        evaluated.set(evaluated.get() + 1);
        1u8
    };
    let seen = spans(|| {
        let span = safe_log::trace_span!("off", n = count());
        assert!(span.is_disabled());
        safe_log::record!(span, n = count());
        let span = safe_log::debug_span!("on", n = count());
        assert!(!span.is_disabled());
    });
    assert_eq!(evaluated.get(), 1);
    assert_eq!(seen.len(), 1);
}

#[test]
fn events_inside_a_span_see_it() {
    let captured = support::capture(|| {
        let span = safe_log::warn_span!("job", id = 3u32);
        span.in_scope(|| safe_log::warn!("inside"));
    });
    assert_eq!(captured.only().message(), Some("inside"));
}
