//! Under `env_logger` (safe-log's `log` backend), a value placed into a
//! message cannot forge a line either: one event, one physical line.

mod support;

use support::writer::Shared;

#[test]
fn env_logger_prints_one_line_per_event() {
    let out = Shared::default();
    env_logger::Builder::new()
        .parse_filters("info")
        .format_timestamp(None)
        .target(env_logger::Target::Pipe(Box::new(out.clone())))
        .init();
    let request = "GET /\r\n[INFO  app] forged\u{2029}line";
    safe_log::info!("bad request {}", request);
    safe_log::warn!(path = "/x", "bad path {request}");
    let text = out.text();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            r"[INFO  injection_log] bad request GET /\r\n[INFO  app] forged\u{2029}line",
            r"[WARN  injection_log] bad path GET /\r\n[INFO  app] forged\u{2029}line path=/x",
        ],
    );
}
