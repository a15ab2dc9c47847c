//! A value placed into a message's text cannot forge a line: control chars,
//! line and paragraph separators and bidi controls are escaped in the
//! message under tracing's fmt subscriber (and every other), while the
//! template and the fields keep their text.

mod support;

use support::writer::Shared;
use support::{Val, capture};
use tracing_subscriber::layer::SubscriberExt;

/// A request line a peer sent, with a forged log line after it.
const HOSTILE: &str =
    "GET /\r\n2026-12-05T00:00:00Z  INFO forged: admin logged in\u{2028}\u{202e}x\u{85}\u{7}";

fn fmt_output(f: impl FnOnce()) -> String {
    let out = Shared::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .without_time()
            .with_writer(move || writer.clone()),
    );
    tracing::subscriber::with_default(subscriber, f);
    out.text()
}

#[test]
fn an_interpolated_string_stays_on_its_line_under_fmt() {
    let request = HOSTILE.to_owned();
    let text = fmt_output(|| {
        safe_log::info!("bad request {}", request);
        safe_log::info!("bad request {request}");
        safe_log::info!("bad request {}", safe_log::display(&request));
    });
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in lines {
        assert!(
            line.ends_with(
                r"bad request GET /\r\n2026-12-05T00:00:00Z  INFO forged: admin logged in\u{2028}\u{202e}x\u{0085}\u{0007}"
            ),
            "{line}"
        );
    }
    assert!(!text.contains(['\r', '\u{2028}', '\u{202e}', '\u{85}', '\u{7}']));
}

#[test]
fn the_template_is_kept_and_plain_values_are_padded_as_written() {
    let name = "ab";
    let text = fmt_output(|| {
        safe_log::info!("tab\there [{:>4}] {}", name, 7u8);
    });
    assert!(text.ends_with("tab\there [  ab] 7\n"), "{text:?}");
}

#[test]
fn a_record_and_an_error_in_a_message_are_escaped_too() {
    #[derive(safe_log::SafeLog)]
    struct Peer<'a> {
        agent: &'a str,
    }
    let peer = Peer {
        agent: "curl\nINFO x",
    };
    let error = std::io::Error::other("closed\r\nby peer");
    let text = fmt_output(|| {
        safe_log::warn!("peer {} failed: {}", &peer, error);
    });
    assert!(
        text.ends_with("peer agent=curl\\nINFO x failed: closed\\r\\nby peer\n"),
        "{text:?}"
    );
}

#[test]
fn field_values_are_unchanged() {
    let captured = capture(|| safe_log::info!(request = HOSTILE, "{}", HOSTILE));
    let event = captured.only();
    assert_eq!(event.get("request"), Some(&Val::Str(HOSTILE.to_owned())));
    assert!(event.message().unwrap().starts_with(r"GET /\r\n"));
}

#[test]
fn an_absent_value_in_a_message_is_a_visible_marker() {
    let code: Option<u16> = None;
    let reason: Option<&str> = Some("done");
    let text = fmt_output(|| {
        safe_log::info!("closed with {} ({})", code, reason);
    });
    assert!(
        text.ends_with(&format!("closed with {} (done)\n", safe_log::ABSENT)),
        "{text:?}"
    );
}

#[test]
fn numbers_in_a_message_take_radix_and_exponent_forms() {
    let n = 8u16;
    let mask = 255u32;
    let negative = -1i8;
    let text = fmt_output(|| {
        safe_log::info!(
            "flags {:#06x} {:X} {:b} {n:o} {:e} {mask} {:x} {:>7E}",
            mask,
            mask,
            5u8,
            1500.0f64,
            &negative,
            12u64
        );
    });
    assert!(
        text.ends_with("flags 0x00ff FF 101 10 1.5e3 255 ff   1.2E1\n"),
        "{text:?}"
    );
}
