//! Labels: the layer's on every line, an event's from its keys under
//! `labels.`, written as `logging.googleapis.com/labels`, a map of strings.

mod support;

use safe_log::cloud::CloudLogging;
use support::writer::Shared;
use tracing_subscriber::layer::SubscriberExt;

fn lines_of(builder: safe_log::cloud::Builder, f: impl FnOnce()) -> Vec<serde_json::Value> {
    let out = Shared::default();
    let layer = builder.writer(out.clone()).build();
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, f);
    out.lines()
}

const LABELS: &str = "logging.googleapis.com/labels";

#[test]
fn static_and_per_event_labels_are_strings() {
    let lines = lines_of(
        CloudLogging::builder()
            .label("env", "prod")
            .label("region", "europe-west1"),
        || {
            safe_log::info!(
                labels.tenant = "acme",
                labels.shard = 7u16,
                labels.beta = true,
                n = 1u8,
                "one"
            );
            safe_log::info!(n = 2u8, "two");
        },
    );
    assert_eq!(
        lines[0][LABELS],
        serde_json::json!({
            "env": "prod", "region": "europe-west1",
            "tenant": "acme", "shard": "7", "beta": "true",
        })
    );
    // The event's labels are not in the payload.
    assert!(lines[0].get("labels").is_none());
    assert_eq!(lines[0]["n"], 1);
    assert_eq!(
        lines[1][LABELS],
        serde_json::json!({ "env": "prod", "region": "europe-west1" })
    );
}

#[test]
fn no_labels_no_map_and_label_text_is_escaped() {
    let lines = lines_of(CloudLogging::builder(), || {
        safe_log::info!("none");
        safe_log::info!(labels.user = "a\"b\nc", "escaped");
    });
    assert!(lines[0].get(LABELS).is_none());
    assert_eq!(lines[1][LABELS]["user"], "a\"b\nc");
}

#[test]
fn labels_in_the_smallest_line_keep_it_valid_and_bounded() {
    let long = "v".repeat(100_000);
    let out = Shared::default();
    let mut builder = CloudLogging::builder()
        .writer(out.clone())
        .max_line(safe_log::cloud::MIN_MAX_LINE);
    for i in 0..80 {
        builder = builder.label(format!("k{i}"), "x");
    }
    let subscriber = tracing_subscriber::registry().with(builder.build());
    tracing::subscriber::with_default(subscriber, || {
        safe_log::info!(
            labels.big = long.as_str(),
            labels.n = 1u8,
            payload = long.as_str(),
            "{}",
            long
        );
    });
    let lines = out.lines();
    assert_eq!(lines.len(), 1);
    assert!(out.text().len() <= safe_log::cloud::MIN_MAX_LINE);
    // 64 labels at most.
    assert!(lines[0][LABELS].as_object().unwrap().len() <= 64);
}
