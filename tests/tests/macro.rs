//! `safe_log!` and the level macros through tracing: keys, values, metadata,
//! filtering, and what is evaluated when.

mod support;

use std::cell::Cell;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use safe_log::{Level, SafeLog};
use support::{Val, capture};
use tracing_subscriber::layer::SubscriberExt;

#[derive(SafeLog, Clone, Copy)]
enum WebSocketState {
    Connected,
    ClosingHandshake,
}

#[derive(SafeLog)]
struct Peer {
    ip: IpAddr,
    port: u16,
}

#[derive(SafeLog)]
struct Route {
    path: &'static str,
}

#[derive(SafeLog)]
enum Close {
    Normal { code: u16 },
    Abnormal { code: u16, reason: String },
}

#[derive(SafeLog)]
struct Diag {
    conn_id: u64,
    state: WebSocketState,
    close_code: Option<u16>,
    user: Option<&'static str>,
    peer: Peer,
    #[safe_log(flatten)]
    route: Route,
    close: Close,
    elapsed: Duration,
    #[safe_log(redact)]
    token: &'static str,
}

fn diag() -> Diag {
    Diag {
        conn_id: 42,
        state: WebSocketState::Connected,
        close_code: None,
        user: Some("u-1"),
        peer: Peer {
            ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
            port: 51234,
        },
        route: Route { path: "/ws" },
        close: Close::Abnormal {
            code: 1011,
            reason: "handler failed".into(),
        },
        elapsed: Duration::from_millis(250),
        token: "s3cret",
    }
}

#[test]
fn a_record_s_keys_are_first_class_fields_under_its_name() {
    let d = diag();
    let attempt = 3u32;
    let events = capture(|| {
        safe_log::error!(diag = &d, attempt, "websocket message processing failed");
    });
    let event = events.only();
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(event.message(), Some("websocket message processing failed"));
    assert_eq!(
        event.data(),
        fields! {
            "diag.conn_id" => 42u64,
            "diag.state" => "connected",
            "diag.user" => "u-1",
            "diag.peer.ip" => "10.0.0.7",
            "diag.peer.port" => 51234u64,
            "diag.path" => "/ws",
            "diag.close" => "abnormal",
            "diag.close.code" => 1011u64,
            "diag.close.reason" => "handler failed",
            "diag.elapsed" => 0.25,
            "diag.token" => "[redacted]",
            "attempt" => 3u64,
        }
    );
    // The callsite declares every key, present or not; a key that two
    // variants share is declared for each, and only the present variant's
    // has a value.
    assert_eq!(
        event.field_names,
        [
            "message",
            "diag.conn_id",
            "diag.state",
            "diag.close_code",
            "diag.user",
            "diag.peer.ip",
            "diag.peer.port",
            "diag.path",
            "diag.close",
            "diag.close.code",
            "diag.close.code",
            "diag.close.reason",
            "diag.elapsed",
            "diag.token",
            "attempt",
        ]
    );
}

#[test]
fn spread_puts_a_record_s_keys_at_the_top_level() {
    let d = diag();
    let events = capture(|| {
        safe_log::warn!(..d.peer, conn_id = d.conn_id, route.kind = "ws");
    });
    let event = events.only();
    assert_eq!(event.message(), None);
    assert!(!event.field_names.contains(&"message".to_owned()));
    assert_eq!(
        event.data(),
        fields! {
            "ip" => "10.0.0.7",
            "port" => 51234u64,
            "conn_id" => 42u64,
            "route.kind" => "ws",
        }
    );
}

#[test]
fn shorthand_and_dotted_names() {
    struct Conn {
        id: u64,
    }
    let conn = Conn { id: 9 };
    let state = WebSocketState::ClosingHandshake;
    let events = capture(|| {
        safe_log::info!(
            conn.id,
            state,
            http.status = 101u16,
            close = &Close::Normal { code: 1000 }
        );
    });
    assert_eq!(
        events.only().data(),
        fields! {
            "conn.id" => 9u64,
            "state" => "closing_handshake",
            "http.status" => 101u64,
            "close" => "normal",
            "close.code" => 1000u64,
        }
    );
}

#[test]
fn the_message_takes_log_safe_arguments_as_text() {
    let elapsed = 12u64;
    let state = WebSocketState::ClosingHandshake;
    let peer = Peer {
        ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 1,
    };
    let events = capture(|| {
        safe_log::info!("closed after {} ms in {state}, {:>6}|{peer}", elapsed, "x");
        safe_log::info!("{n:.2} {{literal}}", n = 1.0f64 / 3.0);
    });
    let events = events.events();
    assert_eq!(
        events[0].message(),
        Some("closed after 12 ms in closing_handshake,      x|ip=127.0.0.1 port=1")
    );
    assert_eq!(events[1].message(), Some("0.33 {literal}"));
}

#[test]
fn metadata_carries_the_call_site() {
    let events = capture(|| {
        let line = line!() + 1;
        safe_log::error!(code = 1u8, "x");
        safe_log::safe_log!(target: "custom::target", Level::DEBUG, line);
    });
    let events = events.events();
    let line = match events[1].get("line") {
        Some(Val::U64(line)) => u32::try_from(*line).unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(events[0].line, Some(line));
    assert_eq!(events[0].file.as_deref(), Some(file!()));
    assert_eq!(events[0].module_path.as_deref(), Some(module_path!()));
    assert_eq!(events[0].target, module_path!());
    assert_eq!(events[1].target, "custom::target");
    assert_eq!(events[1].level, Level::DEBUG);
}

#[test]
fn every_level_macro_has_its_level() {
    let events = capture(|| {
        safe_log::error!(n = 1u8);
        safe_log::warn!(n = 1u8);
        safe_log::info!(n = 1u8);
        safe_log::debug!(n = 1u8);
        safe_log::trace!(n = 1u8);
        safe_log::safe_log!(Level::INFO, n = 1u8);
        safe_log::error!(target: "t", n = 1u8);
    });
    let levels: Vec<Level> = events.events().iter().map(|e| e.level).collect();
    assert_eq!(
        levels,
        [
            Level::ERROR,
            Level::WARN,
            Level::INFO,
            Level::DEBUG,
            Level::TRACE,
            Level::INFO,
            Level::ERROR
        ]
    );
}

fn log_record<T: SafeLog>(record: &T) {
    safe_log::info!(record = record, "generic");
}

#[test]
fn a_call_site_in_a_generic_function_labels_each_type_with_its_keys() {
    let events = capture(|| {
        log_record(&Route { path: "/a" });
        log_record(&diag().peer);
        log_record(&Route { path: "/b" });
        log_record(&7u8);
    });
    let data: Vec<Vec<(String, Val)>> = events
        .events()
        .iter()
        .map(support::Captured::data)
        .collect();
    assert_eq!(
        data,
        [
            fields! { "record.path" => "/a" },
            fields! { "record.ip" => "10.0.0.7", "record.port" => 51234u64 },
            fields! { "record.path" => "/b" },
            fields! { "record" => 7u64 },
        ]
    );
}

fn identity<T: Clone>(value: &T) -> T {
    value.clone()
}

#[derive(SafeLog)]
struct Through<T: Clone + SafeLog> {
    #[safe_log(with = identity)]
    value: T,
}

#[derive(SafeLog, Clone)]
struct Point {
    x: i32,
    y: i32,
}

fn log_through<T: Clone + SafeLog>(value: T) {
    safe_log::info!(t = &Through { value });
}

#[test]
fn a_schema_that_cannot_name_its_keys_is_resolved_from_the_value() {
    let events = capture(|| {
        log_through(5u8);
        log_through(Point { x: 1, y: 2 });
        log_through(6u8);
    });
    let data: Vec<Vec<(String, Val)>> = events
        .events()
        .iter()
        .map(support::Captured::data)
        .collect();
    assert_eq!(
        data,
        [
            fields! { "t.value" => 5u64 },
            fields! { "t.value.x" => 1i64, "t.value.y" => 2i64 },
            fields! { "t.value" => 6u64 },
        ]
    );
}

#[derive(SafeLog)]
struct Wide {
    a0: u8,
    a1: u8,
    a2: u8,
    a3: u8,
    a4: u8,
    a5: u8,
    a6: u8,
    a7: u8,
    a8: u8,
    a9: u8,
    b0: u8,
    b1: u8,
    b2: u8,
    b3: u8,
    b4: u8,
    b5: u8,
    b6: u8,
    b7: u8,
    b8: u8,
    b9: u8,
    c0: u8,
    c1: u8,
    c2: u8,
    c3: u8,
    c4: u8,
    c5: u8,
    c6: u8,
    c7: u8,
    c8: u8,
    c9: u8,
    d0: u8,
    d1: u8,
    d2: u8,
    d3: u8,
    d4: u8,
    d5: u8,
    d6: u8,
    d7: u8,
    d8: u8,
    d9: u8,
}

#[test]
fn records_of_more_than_32_leaves_work() {
    let w = Wide {
        a0: 0,
        a1: 1,
        a2: 2,
        a3: 3,
        a4: 4,
        a5: 5,
        a6: 6,
        a7: 7,
        a8: 8,
        a9: 9,
        b0: 10,
        b1: 11,
        b2: 12,
        b3: 13,
        b4: 14,
        b5: 15,
        b6: 16,
        b7: 17,
        b8: 18,
        b9: 19,
        c0: 20,
        c1: 21,
        c2: 22,
        c3: 23,
        c4: 24,
        c5: 25,
        c6: 26,
        c7: 27,
        c8: 28,
        c9: 29,
        d0: 30,
        d1: 31,
        d2: 32,
        d3: 33,
        d4: 34,
        d5: 35,
        d6: 36,
        d7: 37,
        d8: 38,
        d9: 39,
    };
    let events = capture(|| safe_log::info!(w = &w, "wide"));
    let event = events.only();
    let data = event.data();
    assert_eq!(data.len(), 40);
    for (i, (key, value)) in data.iter().enumerate() {
        let letter = ["a", "b", "c", "d"][i / 10];
        assert_eq!(key, &format!("w.{letter}{}", i % 10));
        assert_eq!(value, &Val::U64(i as u64));
    }
    assert_eq!(event.message(), Some("wide"));
}

fn counted(count: &Cell<u32>) -> u32 {
    count.set(count.get() + 1);
    count.get()
}

#[test]
fn a_disabled_event_evaluates_nothing() {
    let count = Cell::new(0);
    // Off by level: the subscriber takes INFO and above.
    let filter = tracing_subscriber::filter::LevelFilter::INFO;
    let subscriber = tracing_subscriber::registry().with(filter);
    tracing::subscriber::with_default(subscriber, || {
        safe_log::debug!(n = counted(&count), "{}", counted(&count));
        safe_log::trace!(n = counted(&count));
    });
    assert_eq!(count.get(), 0);

    // Off by a target directive while the level is on: the callsite, built
    // from the argument types alone, says no before anything is evaluated.
    let filter = tracing_subscriber::EnvFilter::new("debug,quiet=off");
    let capture = support::Capture::default();
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(capture.clone());
    tracing::subscriber::with_default(subscriber, || {
        for _ in 0..3 {
            safe_log::debug!(target: "quiet", n = counted(&count), "{}", counted(&count));
        }
        safe_log::debug!(target: "loud", n = counted(&count));
    });
    assert_eq!(count.get(), 1);
    assert_eq!(capture.only().get("n"), Some(&Val::U64(1)));
}

#[test]
fn env_filter_selects_by_target_and_by_field_name() {
    let run = |directives: &str| {
        let capture = support::Capture::default();
        let subscriber = tracing_subscriber::registry()
            .with(tracing_subscriber::EnvFilter::new(directives))
            .with(capture.clone());
        tracing::subscriber::with_default(subscriber, || {
            let d = diag();
            safe_log::warn!(target: "ws::handler", diag = &d, "with diag");
            safe_log::warn!(target: "ws::handler", attempt = 1u8, "without diag");
            safe_log::warn!(target: "db", attempt = 2u8, "elsewhere");
        });
        capture
            .events()
            .iter()
            .map(|e| e.message().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("off,ws=warn"), ["with diag", "without diag"]);
    assert_eq!(run("off,db=warn"), ["elsewhere"]);
    assert_eq!(run("off,[{diag.state}]=warn"), ["with diag"]);
    assert_eq!(run("off,[{attempt}]=warn"), ["without diag", "elsewhere"]);
}

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

struct Fails;

impl fmt::Display for Fails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("half")?;
        Err(fmt::Error)
    }
}

#[derive(SafeLog)]
struct WithDisplay {
    #[safe_log(display)]
    broken: Fails,
}

#[test]
fn tracing_subscriber_fmt_shows_the_fields() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let d = diag();
        safe_log::error!(diag = &d, "failed");
    });
    let text = buffer.text();
    assert!(text.contains("ERROR"), "{text}");
    assert!(text.contains("failed"), "{text}");
    assert!(text.contains("diag.state=\"connected\""), "{text}");
    assert!(text.contains("diag.peer.port=51234"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}

#[test]
fn tracing_subscriber_json_shows_the_fields_and_survives_a_failing_display() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_writer(buffer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let d = diag();
        safe_log::error!(diag = &d, "failed");
        // tracing-subscriber's JSON formatter panics on a `Display` that
        // fails; safe-log renders the text before the subscriber sees it.
        safe_log::error!(w = &WithDisplay { broken: Fails });
    });
    let text = buffer.text();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    let fields = &lines[0]["fields"];
    assert_eq!(fields["message"], "failed");
    assert_eq!(fields["diag.state"], "connected");
    assert_eq!(fields["diag.conn_id"], 42);
    assert_eq!(fields["diag.close.code"], 1011);
    assert_eq!(fields["diag.token"], "[redacted]");
    assert_eq!(lines[1]["fields"]["w.broken"], "half[fmt error]");
}

#[derive(SafeLog)]
struct Reserved {
    message: &'static str,
    severity: u8,
    ok: bool,
}

#[test]
fn a_spread_key_that_sinks_reserve_is_prefixed() {
    let events = capture(|| {
        safe_log::info!(
            ..Reserved {
                message: "m",
                severity: 3,
                ok: true
            },
            "the message"
        );
    });
    let event = events.only();
    assert_eq!(event.message(), Some("the message"));
    assert_eq!(
        event.data(),
        fields! { "_message" => "m", "_severity" => 3u64, "ok" => true }
    );
}

#[test]
fn temporaries_chars_and_wide_integers_reach_the_subscriber() {
    let events = capture(|| {
        safe_log::info!(
            c = 'é',
            big = u128::MAX,
            text = format!("built {}", 1),
            neg = -5i32,
            nan = f64::NAN,
            unit = (),
        );
    });
    let event = events.only();
    assert_eq!(event.get("c"), Some(&Val::from("é")));
    assert_eq!(
        event.get("big"),
        Some(&Val::from("340282366920938463463374607431768211455"))
    );
    assert_eq!(event.get("text"), Some(&Val::from("built 1")));
    assert_eq!(event.get("neg"), Some(&Val::I64(-5)));
    assert!(matches!(event.get("nan"), Some(Val::F64(x)) if x.is_nan()));
    // `()` is null, which tracing has no value for: the key is absent.
    assert_eq!(event.get("unit"), None);
    assert!(event.field_names.contains(&"unit".to_owned()));
}

#[test]
fn events_logged_while_formatting_another_are_whole() {
    struct Nested;
    impl fmt::Display for Nested {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            safe_log::info!(inner = 1u8, "inner");
            f.write_str("outer text")
        }
    }
    #[derive(SafeLog)]
    struct Outer {
        #[safe_log(display)]
        nested: Nested,
        after: &'static str,
    }
    let events = capture(|| {
        safe_log::info!(
            o = &Outer {
                nested: Nested,
                after: "kept"
            },
            "outer"
        );
    });
    let events = events.events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].message(), Some("inner"));
    assert_eq!(events[1].get("o.nested"), Some(&Val::from("outer text")));
    assert_eq!(events[1].get("o.after"), Some(&Val::from("kept")));
}

#[test]
fn tracing_syntax_quoted_keys_name_parent_and_message_field() {
    let captured = capture(|| {
        let parent = tracing::info_span!("request");
        safe_log::info!(name: "cache.miss", target: "cache", "http.status" = 404u16, "miss");
        safe_log::info!(parent: &parent, attempt = 1u8, message = "retrying");
        safe_log::info!(parent: None, target: "root", "a root event");
        safe_log::safe_log!(name: "named", Level::WARN, code = 7u8);
    });
    let events = captured.events();
    assert_eq!(events.len(), 4);
    assert_eq!(events[0].target, "cache");
    assert_eq!(events[0].data(), fields! { "http.status" => 404u64 });
    assert_eq!(events[0].message(), Some("miss"));
    assert_eq!(events[1].data(), fields! { "attempt" => 1u64 });
    assert_eq!(events[1].message(), Some("retrying"));
    assert_eq!(events[2].target, "root");
    assert_eq!(events[3].level, Level::WARN);
}

#[test]
fn names_and_parents_reach_the_subscriber() {
    use std::sync::Mutex;
    use tracing::span;
    use tracing_subscriber::layer::Context;

    /// (event name, parent span name) of each event.
    type Names = Vec<(String, Option<String>)>;
    #[derive(Clone, Default)]
    struct Seen(Arc<Mutex<Names>>);
    impl<S> tracing_subscriber::Layer<S> for Seen
    where
        S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    {
        fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
            let parent = ctx.event_span(event).map(|s| s.name().to_owned());
            self.0
                .lock()
                .unwrap()
                .push((event.metadata().name().to_owned(), parent));
        }
        fn on_new_span(&self, _: &span::Attributes<'_>, _: &span::Id, _: Context<'_, S>) {}
    }
    let seen = Seen::default();
    let subscriber = tracing_subscriber::registry().with(seen.clone());
    tracing::subscriber::with_default(subscriber, || {
        let outer = tracing::info_span!("outer");
        let inner = tracing::info_span!("inner");
        let _entered = inner.enter();
        safe_log::info!(name: "custom", "in the current span");
        safe_log::info!(parent: &outer, "in outer");
        safe_log::info!(parent: None, "a root");
    });
    let seen = seen.0.lock().unwrap().clone();
    assert_eq!(seen[0], ("custom".to_owned(), Some("inner".to_owned())));
    assert_eq!(seen[1].1, Some("outer".to_owned()));
    assert!(
        seen[1].0.starts_with("event tests/tests/macro.rs:"),
        "{seen:?}"
    );
    assert_eq!(seen[2].1, None);
}

fn parse_port(text: &str) -> Result<u16, std::num::ParseIntError> {
    let port: u16 = text.parse()?;
    safe_log::info!(port = text.parse::<u16>()?, "parsed {}", port);
    Ok(port)
}

#[test]
fn question_mark_in_an_argument_leaves_the_function_as_in_tracing() {
    let captured = capture(|| {
        assert_eq!(parse_port("8080"), Ok(8080));
        assert!(parse_port("eighty").is_err());
    });
    let event = captured.only();
    assert_eq!(event.data(), fields! { "port" => 8080u64 });
    assert_eq!(event.message(), Some("parsed 8080"));
}

#[test]
fn await_in_an_argument_works_in_async_code() {
    async fn fetch() -> u32 {
        std::future::ready(7).await
    }
    async fn handler() {
        safe_log::info!(count = fetch().await, "fetched {}", fetch().await);
    }
    let captured = capture(|| {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(handler());
        assert!(future.as_mut().poll(&mut cx).is_ready());
    });
    let event = captured.only();
    assert_eq!(event.data(), fields! { "count" => 7u64 });
    assert_eq!(event.message(), Some("fetched 7"));
}

#[test]
fn the_macros_are_one_expression() {
    // The macros expand to one expression: a closure body or a match arm
    // without braces works.
    let log = |n: u32| safe_log::info!(n, "closure body");
    let captured = capture(|| {
        log(1);
        for n in [2u32, 3] {
            match n {
                2 => safe_log::info!(n, "match arm"),
                3 => safe_log::warn!(n, "other arm"),
                _ => safe_log::error!(n, "last arm"),
            }
        }
    });
    assert_eq!(captured.events().len(), 3);
}

#[test]
fn display_of_an_option_logs_its_value_or_nothing() {
    let some: Option<std::net::Ipv4Addr> = Some(std::net::Ipv4Addr::LOCALHOST);
    let none: Option<std::net::Ipv4Addr> = None;
    let captured = capture(|| {
        safe_log::info!(
            peer = safe_log::display(&some),
            other = safe_log::display(&none),
            "peer {}",
            safe_log::display(&some)
        );
    });
    let event = captured.only();
    assert_eq!(event.get("peer"), Some(&Val::Str("127.0.0.1".to_owned())));
    assert_eq!(event.get("other"), None);
    assert_eq!(event.message(), Some("peer 127.0.0.1"));
}
