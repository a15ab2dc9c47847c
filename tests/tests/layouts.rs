//! Events and spans whose fields are filled by the code made for their
//! argument types, at every size of the arrays that code uses (4, 8, 12, 16,
//! 32 fields, and beyond, where the general path takes over), under a global
//! subscriber that always wants them: what each field receives must not
//! depend on the path.

mod support;

use std::sync::{Arc, Mutex, PoisonError};

use safe_log::SafeLog;
use support::{Capture, Record, Val};
use tracing::Subscriber;
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

#[derive(SafeLog)]
struct Three {
    a: u8,
    b: Option<&'static str>,
    c: bool,
}

#[derive(SafeLog)]
struct Five {
    id: u64,
    name: String,
    gone: Option<u16>,
    ratio: f64,
    #[safe_log(display)]
    ip: std::net::IpAddr,
}

#[derive(SafeLog)]
struct Failed {
    #[safe_log(error)]
    error: std::io::Error,
    code: i32,
}

fn three(a: u8) -> Three {
    Three {
        a,
        b: (a % 2 == 0).then_some("even"),
        c: a > 3,
    }
}

fn five(id: u64) -> Five {
    Five {
        id,
        name: format!("n{id}"),
        gone: None,
        ratio: 0.5,
        ip: std::net::IpAddr::from([10, 0, 0, 1]),
    }
}

/// The fields `three(a)` gives under `key`, as a subscriber sees them.
fn three_fields(key: &str, a: u8) -> Vec<(String, Val)> {
    let mut fields = vec![(format!("{key}.a"), Val::U64(a.into()))];
    if a % 2 == 0 {
        fields.push((format!("{key}.b"), Val::from("even")));
    }
    fields.push((format!("{key}.c"), Val::Bool(a > 3)));
    fields
}

/// The fields `five(id)` gives under `key` (`gone` is absent).
fn five_fields(key: &str, id: u64) -> Vec<(String, Val)> {
    vec![
        (format!("{key}.id"), Val::U64(id)),
        (format!("{key}.name"), Val::Str(format!("n{id}"))),
        (format!("{key}.ratio"), Val::F64(0.5)),
        (format!("{key}.ip"), Val::from("10.0.0.1")),
    ]
}

/// The parts' fields, one after the other.
fn concat(parts: Vec<Data>) -> Data {
    parts.into_iter().flatten().collect()
}

/// Records the fields of every new span.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<(String, Data)>>>);

/// A span's or an event's fields, in order.
type Data = Vec<(String, Val)>;

impl<S: Subscriber> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut fields = Vec::new();
        attrs.record(&mut Record(&mut fields));
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((attrs.metadata().name().to_owned(), fields));
    }
}

/// Logs each size of event and span twice: the first call builds the
/// callsite, the second takes the common route (the callsite known, always
/// wanted).
fn log_every_size() {
    let error = || Failed {
        error: std::io::Error::other("disk full"),
        code: -5,
    };
    for _ in 0..2 {
        // Fields of the callsite (the array used): 1, no message (4).
        safe_log::info!(t = three(1).a);
        // 3 + message (4).
        safe_log::info!(t = &three(2), "three");
        // 2 + 3 + message (8): an error's chain.
        safe_log::info!(f = &error(), t = &three(5), "failed");
        // 5 + 3 + 3 (12, no message).
        safe_log::info!(x = &five(1), t = &three(4), u = &three(3));
        // 5 x 3 + message (16).
        safe_log::info!(x = &five(1), y = &five(2), z = &five(3), "m");
        // 8 x 3 + 5 + message (32), a spread record among them.
        safe_log::info!(
            a = &three(1),
            b = &three(2),
            c = &three(3),
            d = &three(4),
            e = &three(5),
            f = &three(6),
            g = &three(7),
            h = &three(8),
            ..five(9),
            "thirty-two"
        );
        // 10 x 5 + message: the general path.
        safe_log::info!(
            a = &five(1),
            b = &five(2),
            c = &five(3),
            d = &five(4),
            e = &five(5),
            f = &five(6),
            g = &five(7),
            h = &five(8),
            i = &five(9),
            j = &five(10),
            "forty"
        );
        // Spans: 3 (4), 13 (16), 25 (the general path).
        let _s = safe_log::info_span!("s3", t = &three(2));
        let _s = safe_log::info_span!("s13", x = &five(1), y = &five(2), t = &three(3));
        let _s = safe_log::info_span!(
            "s25",
            a = &five(1),
            b = &five(2),
            c = &five(3),
            d = &five(4),
            e = &five(5)
        );
    }
}

/// The fields of the spans of [`log_every_size`].
fn expected_spans() -> [(String, Data); 3] {
    [
        ("s3".to_owned(), three_fields("t", 2)),
        (
            "s13".to_owned(),
            concat(vec![
                five_fields("x", 1),
                five_fields("y", 2),
                three_fields("t", 3),
            ]),
        ),
        (
            "s25".to_owned(),
            concat(
                ["a", "b", "c", "d", "e"]
                    .iter()
                    .zip(1..)
                    .map(|(key, id)| five_fields(key, id))
                    .collect(),
            ),
        ),
    ]
}

#[test]
fn every_size_of_event_and_span_gets_each_value_in_its_field() {
    let capture = Capture::default();
    let spans = Spans::default();
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry()
            .with(capture.clone())
            .with(spans.clone()),
    )
    .expect("the only global subscriber of this test binary");

    log_every_size();

    let events = capture.events();
    assert_eq!(events.len(), 14, "{events:#?}");
    let expected: Vec<(Option<&str>, Data)> = vec![
        (None, vec![("t".to_owned(), Val::U64(1))]),
        (Some("three"), three_fields("t", 2)),
        (
            Some("failed"),
            concat(vec![
                vec![
                    ("f.error".to_owned(), Val::Error("disk full".to_owned())),
                    ("f.code".to_owned(), Val::I64(-5)),
                ],
                three_fields("t", 5),
            ]),
        ),
        (
            None,
            concat(vec![
                five_fields("x", 1),
                three_fields("t", 4),
                three_fields("u", 3),
            ]),
        ),
        (
            Some("m"),
            concat(vec![
                five_fields("x", 1),
                five_fields("y", 2),
                five_fields("z", 3),
            ]),
        ),
        (
            Some("thirty-two"),
            concat(
                ["a", "b", "c", "d", "e", "f", "g", "h"]
                    .iter()
                    .zip(1..)
                    .map(|(key, a)| three_fields(key, a))
                    .chain([five_fields("", 9)
                        .into_iter()
                        .map(|(k, v)| (k.trim_start_matches('.').to_owned(), v))
                        .collect()])
                    .collect(),
            ),
        ),
        (
            Some("forty"),
            concat(
                ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
                    .iter()
                    .zip(1..)
                    .map(|(key, id)| five_fields(key, id))
                    .collect(),
            ),
        ),
    ];
    for (round, events) in events.chunks(expected.len()).enumerate() {
        for (event, (message, data)) in events.iter().zip(&expected) {
            assert_eq!(event.message(), *message, "round {round}: {event:#?}");
            assert_eq!(&event.data(), data, "round {round}: {event:#?}");
        }
    }
    // Each callsite has a field per leaf, absent or not: the sizes above.
    let sizes: Vec<usize> = events[..7].iter().map(|e| e.field_names.len()).collect();
    assert_eq!(sizes, [1, 4, 6, 11, 16, 30, 51]);

    let spans = spans
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let expected_spans = expected_spans();
    assert_eq!(spans.len(), 6, "{spans:#?}");
    for round in spans.chunks(3) {
        assert_eq!(round, &expected_spans[..]);
    }
}
