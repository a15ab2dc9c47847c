//! With `log-always`, an event goes to `log` as well as to tracing, even
//! once a tracing subscriber is set, and its arguments are evaluated once.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

static LOGGED: AtomicUsize = AtomicUsize::new(0);

struct Count;

impl log::Log for Count {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        assert_eq!(record.args().to_string(), "both");
        assert_eq!(record.key_values().count(), 1);
        LOGGED.fetch_add(1, Ordering::SeqCst);
    }

    fn flush(&self) {}
}

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<usize>>);

impl<S: tracing::Subscriber> Layer<S> for Seen {
    fn on_event(&self, _: &tracing::Event<'_>, _: Context<'_, S>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }
}

#[test]
fn events_go_to_log_and_to_tracing_and_are_evaluated_once() {
    log::set_logger(&Count).unwrap();
    log::set_max_level(log::LevelFilter::Info);
    let seen = Seen::default();
    let subscriber = tracing_subscriber::registry().with(seen.clone());
    let evaluated = Cell::new(0);
    tracing::subscriber::with_default(subscriber, || {
        safe_log::info!(
            n = {
                evaluated.set(evaluated.get() + 1);
                1u8
            },
            "both"
        );
    });
    assert_eq!(evaluated.get(), 1);
    assert_eq!(LOGGED.load(Ordering::SeqCst), 1);
    assert_eq!(*seen.0.lock().unwrap(), 1);
}
