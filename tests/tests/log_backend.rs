//! Events reach applications that log with `log`: with no tracing
//! dispatcher set in the process (this test binary never sets one), every
//! safe-log event is a `log::Record` with its flattened keys as typed
//! key-values, and nothing is evaluated when `log` does not want it.

use std::cell::Cell;
use std::sync::{Mutex, OnceLock, PoisonError};

use log::kv::{self, VisitSource};
use safe_log::SafeLog;

/// A key-value as the logger received it, with its type.
#[derive(Clone, Debug, PartialEq)]
enum Kv {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
}

#[derive(Clone, Debug)]
struct Captured {
    level: log::Level,
    target: String,
    module_path: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    text: String,
    kvs: Vec<(String, Kv)>,
}

struct Capture {
    records: Mutex<Vec<Captured>>,
}

struct Collect<'a>(&'a mut Vec<(String, Kv)>);

impl<'kvs> VisitSource<'kvs> for Collect<'_> {
    fn visit_pair(&mut self, key: kv::Key<'kvs>, value: kv::Value<'kvs>) -> Result<(), kv::Error> {
        let mut typed = Typed(None);
        value.visit(&mut typed)?;
        let kv = typed.0.unwrap_or_else(|| Kv::Str(value.to_string()));
        self.0.push((key.as_str().to_owned(), kv));
        Ok(())
    }
}

/// A value's type, as `log` hands it to a visitor.
struct Typed(Option<Kv>);

impl kv::VisitValue<'_> for Typed {
    fn visit_any(&mut self, value: kv::Value<'_>) -> Result<(), kv::Error> {
        // A value given by its `Display` (computed text): its text.
        self.0 = Some(Kv::Str(value.to_string()));
        Ok(())
    }
    fn visit_u64(&mut self, value: u64) -> Result<(), kv::Error> {
        self.0 = Some(Kv::U64(value));
        Ok(())
    }
    fn visit_i64(&mut self, value: i64) -> Result<(), kv::Error> {
        self.0 = Some(Kv::I64(value));
        Ok(())
    }
    fn visit_f64(&mut self, value: f64) -> Result<(), kv::Error> {
        self.0 = Some(Kv::F64(value));
        Ok(())
    }
    fn visit_bool(&mut self, value: bool) -> Result<(), kv::Error> {
        self.0 = Some(Kv::Bool(value));
        Ok(())
    }
    fn visit_str(&mut self, value: &str) -> Result<(), kv::Error> {
        self.0 = Some(Kv::Str(value.to_owned()));
        Ok(())
    }
}

impl log::Log for Capture {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.target() != "muted"
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let mut kvs = Vec::new();
        record
            .key_values()
            .visit(&mut Collect(&mut kvs))
            .expect("visiting cannot fail");
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Captured {
                level: record.level(),
                target: record.target().to_owned(),
                module_path: record.module_path().map(str::to_owned),
                file: record.file().map(str::to_owned),
                line: record.line(),
                text: record.args().to_string(),
                kvs,
            });
    }

    fn flush(&self) {}
}

fn logger() -> &'static Capture {
    static LOGGER: OnceLock<&'static Capture> = OnceLock::new();
    LOGGER.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture {
            records: Mutex::new(Vec::new()),
        }));
        log::set_logger(capture).expect("the only logger");
        log::set_max_level(log::LevelFilter::Debug);
        capture
    })
}

/// The records logged under `target`.
fn records(target: &str) -> Vec<Captured> {
    logger()
        .records
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|r| r.target == target)
        .cloned()
        .collect()
}

#[derive(SafeLog)]
enum State {
    Running,
}

#[derive(SafeLog)]
struct Job<'a> {
    id: u64,
    name: &'a str,
    state: State,
    delta: i32,
    ratio: f64,
    done: bool,
    retries: Option<u8>,
    peer: std::net::IpAddr,
    #[safe_log(redact)]
    token: &'a str,
}

#[test]
fn events_are_log_records_with_typed_key_values() {
    logger();
    let job = Job {
        id: 7,
        name: "reindex",
        state: State::Running,
        delta: -3,
        ratio: 0.5,
        done: false,
        retries: None,
        peer: [10, 0, 0, 7].into(),
        token: "s3cret",
    };
    let error = std::io::Error::other("disk full");
    let line = line!() + 1;
    safe_log::warn!(target: "jobs", job = &job, error, attempt = 2u32, "job {} slow", job.id);
    safe_log::info!(target: "jobs", ..job);
    let got = records("jobs");
    assert_eq!(got.len(), 2, "{got:#?}");
    let first = &got[0];
    assert_eq!(first.level, log::Level::Warn);
    assert_eq!(first.text, "job 7 slow");
    assert_eq!(first.file.as_deref(), Some("tests/tests/log_backend.rs"));
    assert_eq!(first.line, Some(line));
    assert_eq!(first.module_path.as_deref(), Some("log_backend"));
    assert_eq!(
        first.kvs,
        [
            ("job.id".to_owned(), Kv::U64(7)),
            ("job.name".to_owned(), Kv::Str("reindex".into())),
            ("job.state".to_owned(), Kv::Str("running".into())),
            ("job.delta".to_owned(), Kv::I64(-3)),
            ("job.ratio".to_owned(), Kv::F64(0.5)),
            ("job.done".to_owned(), Kv::Bool(false)),
            ("job.peer".to_owned(), Kv::Str("10.0.0.7".into())),
            ("job.token".to_owned(), Kv::Str("[redacted]".into())),
            ("error".to_owned(), Kv::Str("disk full".into())),
            ("attempt".to_owned(), Kv::U64(2)),
        ]
    );
    assert_eq!(got[1].level, log::Level::Info);
    assert_eq!(got[1].text, "");
    assert_eq!(got[1].kvs[0], ("id".to_owned(), Kv::U64(7)));
}

#[test]
fn nothing_is_evaluated_when_log_does_not_want_the_event() {
    logger();
    let evaluated = Cell::new(0);
    let count = || {
        evaluated.set(evaluated.get() + 1);
        1u8
    };
    // Above the maximum level (Debug).
    safe_log::trace!(target: "lazy", n = count(), "trace");
    // A target the logger does not enable.
    safe_log::info!(target: "muted", n = count(), "muted");
    assert_eq!(evaluated.get(), 0);
    safe_log::info!(target: "lazy", n = count(), "logged");
    assert_eq!(evaluated.get(), 1);
    assert_eq!(records("lazy").len(), 1);
    assert!(records("muted").is_empty());
}

#[test]
fn every_level_maps_and_each_event_arrives_once() {
    logger();
    safe_log::error!(target: "levels", "e");
    safe_log::warn!(target: "levels", "w");
    safe_log::info!(target: "levels", "i");
    safe_log::debug!(target: "levels", "d");
    safe_log::safe_log!(target: "levels", safe_log::Level::ERROR, "event!");
    let levels: Vec<(log::Level, String)> = records("levels")
        .into_iter()
        .map(|r| (r.level, r.text))
        .collect();
    assert_eq!(
        levels,
        [
            (log::Level::Error, "e".to_owned()),
            (log::Level::Warn, "w".to_owned()),
            (log::Level::Info, "i".to_owned()),
            (log::Level::Debug, "d".to_owned()),
            (log::Level::Error, "event!".to_owned()),
        ]
    );
}
