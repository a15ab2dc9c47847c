//! Hand-written `SafeLog` impls that break the contract (`describe`,
//! `LEAVES` and `visit` disagree): the event is still delivered, nothing
//! panics, and a Cloud Logging line stays valid JSON. Events take the code
//! made for their argument types only when the callsite's fields match the
//! types' leaf count; these do not.

mod support;

use safe_log::cloud::CloudLogging;
use safe_log::{Keys, SafeLog, Value, Visitor};
use support::writer::Shared;
use support::{Capture, Val};
use tracing_subscriber::layer::SubscriberExt;

/// Says one leaf, describes two, visits three.
struct Lying {
    a: u8,
    b: u8,
}

impl SafeLog for Lying {
    type Schema = Lying;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.under("a").leaf();
        keys.under("b").leaf();
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at, Value::U64(self.a.into()));
        visitor.value(at + 1, Value::U64(self.b.into()));
        visitor.value(at + 2, Value::U64(99));
    }
}

/// Says and describes one leaf, visits it far away.
struct FarAway;

impl SafeLog for FarAway {
    type Schema = FarAway;
    const LEAVES: usize = 1;

    fn describe(keys: &mut Keys) {
        keys.leaf();
    }

    fn visit<'a, V: Visitor<'a> + ?Sized>(&'a self, at: usize, visitor: &mut V) {
        visitor.value(at + 1000, Value::U64(7));
    }
}

fn log_both() {
    for _ in 0..2 {
        safe_log::info!(l = &Lying { a: 1, b: 2 }, n = 3u8, "lying");
        safe_log::info!(f = &FarAway, n = 4u8);
    }
}

#[test]
fn contract_breaking_impls_are_delivered_without_a_panic() {
    // The global subscriber always wants the events: the common route.
    let capture = Capture::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(capture.clone()))
        .expect("the only global subscriber of this test binary");
    log_both();
    let events = capture.events();
    assert_eq!(events.len(), 4, "{events:#?}");
    for pair in events.chunks(2) {
        // The callsite has the keys `describe` gave; the leaf visited past
        // them is dropped.
        assert_eq!(pair[0].field_names, ["message", "l.a", "l.b", "n"]);
        assert_eq!(pair[0].get("l.a"), Some(&Val::U64(1)));
        assert_eq!(pair[0].get("l.b"), Some(&Val::U64(2)));
        assert_eq!(pair[0].message(), Some("lying"));
        assert_eq!(pair[1].field_names, ["f", "n"]);
        assert_eq!(pair[1].get("f"), None);
        assert_eq!(pair[1].get("n"), Some(&Val::U64(4)));
    }

    // Through the Cloud Logging layer too (a scoped subscriber).
    let out = Shared::default();
    let layer = CloudLogging::builder().writer(out.clone()).build();
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), log_both);
    let lines = out.lines();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["l"]["a"], 1);
    assert_eq!(lines[0]["l"]["b"], 2);
    assert_eq!(lines[1]["n"], 4);
}
