//! Many threads, one layer: every line whole, none lost.

mod support;

use std::collections::HashSet;
use std::thread;

use safe_log::cloud::CloudLogging;
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

#[test]
fn eight_threads_ten_thousand_events_each_never_interleave_and_lose_nothing() {
    const THREADS: u64 = 8;
    const EVENTS: u64 = 10_000;
    let out = Shared::default();
    let layer = CloudLogging::builder().writer(out.clone()).build();
    let lost = layer.lost_lines();
    let dispatch = tracing::Dispatch::new(tracing_subscriber::registry().with(layer));
    let payload = "p".repeat(200);
    thread::scope(|scope| {
        for thread in 0..THREADS {
            let dispatch = &dispatch;
            let payload = payload.as_str();
            scope.spawn(move || {
                tracing::dispatcher::with_default(dispatch, || {
                    for seq in 0..EVENTS {
                        safe_log::info!(thread, seq, payload, "event {} of thread {}", seq, thread);
                    }
                });
            });
        }
    });
    let lines = out.lines();
    assert_eq!(lines.len() as u64, THREADS * EVENTS);
    assert_eq!(lost.get(), 0);
    let mut seen = HashSet::new();
    for line in &lines {
        let thread = line["thread"].as_u64().unwrap();
        let seq = line["seq"].as_u64().unwrap();
        assert_eq!(line["payload"].as_str().unwrap().len(), 200);
        assert_eq!(line["message"], format!("event {seq} of thread {thread}"));
        assert!(seen.insert((thread, seq)), "({thread}, {seq}) twice");
    }
    assert_eq!(seen.len() as u64, THREADS * EVENTS);
}
