//! Shared pieces of the benchmarks: the records they log and the
//! subscribers they log into.

use std::fmt;
use std::hint::black_box;

use safe_log::SafeLog;
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::subscriber::{Interest, Subscriber};
use tracing_core::{Event, Level, LevelFilter, Metadata};

/// The connection state of the diagnostic record.
#[derive(SafeLog, Clone, Copy)]
pub enum WebSocketState {
    /// Open.
    Connected,
    /// Closing.
    ClosingHandshake,
}

impl WebSocketState {
    /// The name `SafeLog` writes, for the hand-written contenders.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            WebSocketState::Connected => "connected",
            WebSocketState::ClosingHandshake => "closing_handshake",
        }
    }
}

/// A peer, nested in the record.
#[derive(SafeLog, Clone)]
pub struct Peer {
    /// Port.
    pub port: u16,
    /// Route.
    pub route: &'static str,
}

/// A diagnostic record of 10 leaves: the realistic event of the benchmarks.
#[derive(SafeLog, Clone)]
pub struct Diag {
    /// Connection id.
    pub conn_id: u64,
    /// User id.
    pub user_id: &'static str,
    /// State.
    pub state: WebSocketState,
    /// Close code.
    pub close_code: u16,
    /// Messages so far.
    pub message_count: u32,
    /// Elapsed milliseconds.
    pub elapsed_ms: u64,
    /// The peer (2 leaves).
    pub peer: Peer,
    /// Whether the handler will retry.
    pub retry: bool,
    /// A ratio.
    pub ratio: f64,
}

/// The record every benchmark logs.
#[must_use]
pub fn diag() -> Diag {
    Diag {
        conn_id: 7_340_032,
        user_id: "u-1042",
        state: WebSocketState::Connected,
        close_code: 1011,
        message_count: 12,
        elapsed_ms: 8250,
        peer: Peer {
            port: 50412,
            route: "/ws/chat",
        },
        retry: true,
        ratio: 0.75,
    }
}

/// A subscriber that takes events up to INFO and visits every field of
/// each, as a real formatter would, without writing anything.
#[derive(Debug, Default)]
pub struct VisitAll;

struct Sum(u64);

impl Visit for Sum {
    fn record_u64(&mut self, _: &Field, value: u64) {
        self.0 = self.0.wrapping_add(value);
    }
    fn record_i64(&mut self, _: &Field, value: i64) {
        self.0 = self.0.wrapping_add(value.unsigned_abs());
    }
    fn record_bool(&mut self, _: &Field, value: bool) {
        self.0 = self.0.wrapping_add(u64::from(value));
    }
    fn record_f64(&mut self, _: &Field, value: f64) {
        self.0 = self.0.wrapping_add(value.to_bits());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0 = self
            .0
            .wrapping_add((value.len() + field.name().len()) as u64);
    }
    fn record_debug(&mut self, _: &Field, value: &dyn fmt::Debug) {
        black_box(value);
        self.0 = self.0.wrapping_add(1);
    }
}

impl Subscriber for VisitAll {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if *meta.level() <= Level::INFO {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::INFO)
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        *meta.level() <= Level::INFO
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut sum = Sum(0);
        event.record(&mut sum);
        black_box(sum.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
