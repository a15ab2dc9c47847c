//! Lists and tuples of primitives: one value under one key, an array where
//! the sink has arrays, one JSON text elsewhere, bounded.

mod support;

use std::collections::{BTreeSet, HashSet, VecDeque};

use safe_log::{Fields, SafeLog};
use support::writer::Shared;
use support::{Val, capture};
use tracing_subscriber::layer::SubscriberExt;

#[derive(SafeLog, Clone, Copy)]
enum Role {
    Admin,
    Reader,
}

#[derive(SafeLog)]
struct Subscription<'a> {
    channels: Vec<String>,
    roles: &'a [Role],
    ports: [u16; 3],
    queue: VecDeque<i64>,
    sorted: BTreeSet<&'a str>,
    pair: (&'a str, u32),
    tags: Option<Vec<&'a str>>,
    #[safe_log(redact)]
    secrets: Vec<String>,
    #[safe_log(skip)]
    unlogged: Vec<Vec<u8>>,
}

fn subscription(roles: &[Role]) -> Subscription<'_> {
    Subscription {
        channels: vec!["news".into(), "a \"quoted\"\nline".into()],
        roles,
        ports: [80, 443, 8080],
        queue: VecDeque::from([-1, 9_007_199_254_740_993]),
        sorted: BTreeSet::from(["b", "a"]),
        pair: ("h2", 2),
        tags: None,
        secrets: vec!["s".into()],
        unlogged: vec![vec![1]],
    }
}

#[test]
fn a_record_with_lists_serializes_arrays() {
    let roles = [Role::Admin, Role::Reader];
    let sub = subscription(&roles);
    let _ = &sub.unlogged;
    let json = serde_json::to_value(Fields(&sub)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "channels": ["news", "a \"quoted\"\nline"],
            "roles": ["admin", "reader"],
            "ports": [80, 443, 8080],
            "queue": [-1, 9_007_199_254_740_993_i64],
            "sorted": ["a", "b"],
            "pair": ["h2", 2],
            "secrets": "[redacted]",
        })
    );
}

#[test]
fn other_subscribers_read_one_json_text() {
    let ids: HashSet<u64> = HashSet::from([7]);
    let captured = capture(|| {
        safe_log::info!(
            channels = vec!["a", "b"],
            ids = &ids,
            empty = Vec::<u32>::new()
        );
    });
    let event = captured.only();
    assert_eq!(
        event.get("channels"),
        Some(&Val::Str(r#"["a","b"]"#.to_owned()))
    );
    assert_eq!(event.get("ids"), Some(&Val::Str("[7]".to_owned())));
    assert_eq!(event.get("empty"), Some(&Val::Str("[]".to_owned())));
}

#[test]
fn tracing_fmt_prints_a_list_on_its_line() {
    let out = Shared::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .without_time()
            .with_writer(move || writer.clone()),
    );
    tracing::subscriber::with_default(subscriber, || {
        safe_log::info!(channels = vec!["a\nb"], "subscribed");
    });
    let text = out.text();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(r#"channels="[\"a\\nb\"]""#), "{text}");
}

#[test]
fn a_long_list_is_cut_with_a_count_of_what_was_left_out() {
    let many: Vec<u32> = (0..200_000).collect();
    let json = serde_json::to_value(Fields(&many)).unwrap();
    let items = json[""].as_array().unwrap();
    assert_eq!(items.len(), safe_log::DEFAULT_LIST_LIMITS.max_items + 1);
    assert_eq!(items.last().unwrap(), "… 199000 more");
}

fn cloud_lines(
    builder: safe_log::cloud::Builder,
    f: impl FnOnce(),
) -> (Vec<serde_json::Value>, String) {
    let out = Shared::default();
    let layer = builder.writer(out.clone()).build();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, f);
    (out.lines(), out.text())
}

#[test]
fn the_cloud_line_has_arrays() {
    let roles = [Role::Admin, Role::Reader];
    let sub = subscription(&roles);
    let hostile = vec!["a\u{2028}b", "\u{202e}x"];
    let (lines, text) = cloud_lines(safe_log::cloud::CloudLogging::builder(), || {
        safe_log::info!(sub = &sub, hostile = &hostile, "subscribed");
        let span = safe_log::info_span!("request", scopes = vec!["read", "write"]);
        let _entered = span.enter();
        safe_log::info!(empty = Vec::<u8>::new().len(), "inside");
    });
    let line = &lines[0];
    assert_eq!(
        line["sub"]["channels"],
        serde_json::json!(["news", "a \"quoted\"\nline"])
    );
    assert_eq!(line["sub"]["roles"], serde_json::json!(["admin", "reader"]));
    assert_eq!(line["sub"]["ports"], serde_json::json!([80, 443, 8080]));
    // Beyond 2^53, a string, as every integer in the line.
    assert_eq!(
        line["sub"]["queue"],
        serde_json::json!([-1, "9007199254740993"])
    );
    assert_eq!(line["sub"]["pair"], serde_json::json!(["h2", 2]));
    assert!(line["sub"].get("tags").is_none());
    assert_eq!(
        line["hostile"],
        serde_json::json!(["a\u{2028}b", "\u{202e}x"])
    );
    assert!(!text.contains(['\u{2028}', '\u{202e}']), "{text}");
    assert_eq!(
        lines[1]["spans"][0]["scopes"],
        serde_json::json!(["read", "write"])
    );
}

#[test]
fn a_200000_item_list_keeps_the_line_valid_and_under_its_cap() {
    let many: Vec<String> = (0..200_000).map(|i| format!("item-{i}")).collect();
    let (lines, text) = cloud_lines(safe_log::cloud::CloudLogging::builder(), || {
        safe_log::info!(many = &many, "big");
    });
    assert_eq!(lines.len(), 1);
    assert!(text.len() < 256 * 1024, "{}", text.len());
    let items = lines[0]["many"].as_array().unwrap();
    assert_eq!(items.len(), safe_log::DEFAULT_LIST_LIMITS.max_items + 1);
    assert_eq!(items[0], "item-0");
    assert_eq!(items.last().unwrap(), "… 199000 more");
}

/// A newtype of an item is an item; so is a type logged by its `Display`.
#[derive(SafeLog, Clone, Copy)]
struct UserId(u64);

#[derive(SafeLog)]
#[safe_log(display)]
struct Version {
    major: u8,
    minor: u8,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[test]
fn newtypes_and_display_types_are_items() {
    let ids = vec![UserId(1), UserId(2)];
    let versions = [
        Version { major: 1, minor: 0 },
        Version { major: 2, minor: 1 },
    ];
    let boxed: Box<[&str]> = vec!["x"].into_boxed_slice();
    let captured = capture(|| {
        safe_log::info!(ids = &ids, versions = &versions, boxed = &boxed, "listed");
    });
    let event = captured.only();
    assert_eq!(event.get("ids"), Some(&Val::Str("[1,2]".to_owned())));
    assert_eq!(
        event.get("versions"),
        Some(&Val::Str(r#"["1.0","2.1"]"#.to_owned()))
    );
    assert_eq!(event.get("boxed"), Some(&Val::Str(r#"["x"]"#.to_owned())));
}

#[derive(SafeLog)]
struct Tagged {
    #[safe_log(max_len = 3)]
    tags: Vec<String>,
}

#[test]
fn max_len_cuts_each_item_of_a_list() {
    let tagged = Tagged {
        tags: vec!["abcdef".into(), "x".into()],
    };
    assert_eq!(
        serde_json::to_value(Fields(&tagged)).unwrap(),
        serde_json::json!({ "tags": ["abc…", "x"] })
    );
    let (lines, _) = cloud_lines(safe_log::cloud::CloudLogging::builder(), || {
        safe_log::info!(tagged = &tagged);
    });
    assert_eq!(lines[0]["tagged"]["tags"], serde_json::json!(["abc…", "x"]));
}

#[test]
fn a_list_in_a_flat_line_and_under_a_small_cap_keeps_the_line_valid() {
    let many: Vec<String> = (0..5_000).map(|i| format!("item-{i}")).collect();
    let (lines, text) = cloud_lines(
        safe_log::cloud::CloudLogging::builder()
            .flat()
            .max_line(8 * 1024),
        || {
            safe_log::info!(a.list = &many, b = 1u8, "flat");
            safe_log::info!(small = vec![1u8.to_string()], "fits");
        },
    );
    assert_eq!(lines.len(), 2, "{text}");
    for line in text.lines() {
        assert!(line.len() <= 8 * 1024, "{}", line.len());
    }
    // Too long for the line: dropped whole with what follows it, as the
    // layer drops fields from the end, and counted.
    assert!(lines[0].get("a.list").is_none());
    assert_eq!(lines[0]["droppedFields"], 2);
    assert_eq!(lines[0]["message"], "flat");
    assert_eq!(lines[1]["small"], serde_json::json!(["1"]));
}
