//! A subscriber layer that records every event, for tests.

#![allow(dead_code, reason = "each test file uses a part")]

pub mod writer;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

/// A field value as a subscriber received it.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    /// Received through `record_debug` (the message, native `?x` fields).
    Debug(String),
    /// Received through `record_error`: the error's `Display`.
    Error(String),
}

impl From<&str> for Val {
    fn from(x: &str) -> Self {
        Val::Str(x.to_owned())
    }
}

impl From<u64> for Val {
    fn from(x: u64) -> Self {
        Val::U64(x)
    }
}

impl From<i64> for Val {
    fn from(x: i64) -> Self {
        Val::I64(x)
    }
}

impl From<bool> for Val {
    fn from(x: bool) -> Self {
        Val::Bool(x)
    }
}

impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::F64(x)
    }
}

/// One recorded event.
#[derive(Clone, Debug)]
pub struct Captured {
    pub level: Level,
    pub target: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub module_path: Option<String>,
    /// Every field name of the callsite, present or not.
    pub field_names: Vec<String>,
    /// The fields that had a value, in callsite order.
    pub fields: Vec<(String, Val)>,
}

impl Captured {
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn message(&self) -> Option<&str> {
        match self.get("message") {
            Some(Val::Debug(text)) => Some(text),
            _ => None,
        }
    }

    /// The fields other than the message.
    pub fn data(&self) -> Vec<(String, Val)> {
        self.fields
            .iter()
            .filter(|(k, _)| k != "message")
            .cloned()
            .collect()
    }
}

#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<Captured>>>);

impl Capture {
    pub fn events(&self) -> Vec<Captured> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The one event recorded.
    pub fn only(&self) -> Captured {
        let events = self.events();
        assert_eq!(events.len(), 1, "{events:#?}");
        events.into_iter().next().unwrap()
    }
}

/// A visitor that records each field with its value, in order.
pub struct Record<'a>(pub &'a mut Vec<(String, Val)>);

impl Visit for Record<'_> {
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.push((field.name().to_owned(), Val::Bool(value)));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.push((field.name().to_owned(), Val::I64(value)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.push((field.name().to_owned(), Val::U64(value)));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.push((field.name().to_owned(), Val::F64(value)));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .push((field.name().to_owned(), Val::Str(value.to_owned())));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .push((field.name().to_owned(), Val::Debug(format!("{value:?}"))));
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .push((field.name().to_owned(), Val::Error(value.to_string())));
    }
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let meta = event.metadata();
        let mut fields = Vec::new();
        event.record(&mut Record(&mut fields));
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Captured {
                level: *meta.level(),
                target: meta.target().to_owned(),
                file: meta.file().map(str::to_owned),
                line: meta.line(),
                module_path: meta.module_path().map(str::to_owned),
                field_names: meta.fields().iter().map(|f| f.name().to_owned()).collect(),
                fields,
            });
    }
}

/// Runs `f` with a subscriber that records every event, and returns them.
pub fn capture(f: impl FnOnce()) -> Capture {
    use tracing_subscriber::layer::SubscriberExt;
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    tracing::subscriber::with_default(subscriber, f);
    capture
}

/// `[(key, value)]` from literals.
#[macro_export]
macro_rules! fields {
    ($($key:literal => $value:expr),* $(,)?) => {
        vec![$(($key.to_owned(), $crate::support::Val::from($value))),*]
    };
}
