//! Other crates' types with one obvious log form, each behind a feature
//! named after its crate.

use std::thread;

mod support;

use safe_log::{Fields, Primitive, SafeLog};
use support::capture;

fn only<T: SafeLog + ?Sized>(value: &T) -> Primitive {
    let pairs = Fields(value).to_vec();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    pairs.into_iter().next().unwrap().1
}

fn s(text: &str) -> Primitive {
    Primitive::from(text)
}

#[test]
fn uuid_is_lowercase_and_hyphenated() {
    let id = uuid::Uuid::from_u128(0x67E5_5044_10B1_426F_9247_BB68_0E5F_E0C8);
    assert_eq!(only(&id), s("67e55044-10b1-426f-9247-bb680e5fe0c8"));
}

#[test]
fn http_status_is_a_number_and_the_rest_text() {
    assert_eq!(only(&http::StatusCode::NOT_FOUND), Primitive::U64(404));
    assert_eq!(only(&http::Method::PATCH), s("PATCH"));
    assert_eq!(only(&http::Version::HTTP_11), s("HTTP/1.1"));
    assert_eq!(only(&http::Version::HTTP_2), s("HTTP/2.0"));
    let uri: http::Uri = "https://example.com:8443/search?q=rust".parse().unwrap();
    assert_eq!(only(&uri), s("https://example.com:8443/search?q=rust"));
    assert_eq!(only(uri.scheme().unwrap()), s("https"));
    assert_eq!(only(uri.authority().unwrap()), s("example.com:8443"));
    assert_eq!(only(uri.path_and_query().unwrap()), s("/search?q=rust"));
    let origin: http::Uri = "/health".parse().unwrap();
    assert_eq!(only(&origin), s("/health"));
}

#[test]
fn a_password_in_a_uri_or_url_is_redacted() {
    let uri: http::Uri = "https://alice:hunter2@example.com/x".parse().unwrap();
    assert_eq!(only(&uri), s("https://alice:[redacted]@example.com/x"));
    assert_eq!(
        only(uri.authority().unwrap()),
        s("alice:[redacted]@example.com")
    );
    let user_only: http::Uri = "https://alice@example.com/".parse().unwrap();
    assert_eq!(only(&user_only), s("https://alice@example.com/"));

    let url =
        url::Url::parse("postgres://app:s3cr%40t@db.internal:5432/main?sslmode=require").unwrap();
    assert_eq!(
        only(&url),
        s("postgres://app:[redacted]@db.internal:5432/main?sslmode=require")
    );
    let plain = url::Url::parse("https://example.com/a?b=c").unwrap();
    assert_eq!(only(&plain), s("https://example.com/a?b=c"));
}

/// 2026-11-26T11:30:17.123456789Z, as seconds and nanoseconds.
const SECS: i64 = 1_795_692_617;
const NANOS: u32 = 123_456_789;
const TEXT: &str = "2026-11-26T11:30:17.123456789Z";

#[test]
fn times_are_rfc3339_in_utc_whatever_their_zone() {
    use chrono::TimeZone;
    let utc = chrono::Utc.timestamp_opt(SECS, NANOS).unwrap();
    assert_eq!(only(&utc), s(TEXT));
    let east = utc.with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap());
    assert_eq!(only(&east), s(TEXT));

    let odt = time::OffsetDateTime::from_unix_timestamp_nanos(
        i128::from(SECS) * 1_000_000_000 + i128::from(NANOS),
    )
    .unwrap();
    assert_eq!(only(&odt), s(TEXT));
    let shifted = odt.to_offset(time::UtcOffset::from_hms(-7, 0, 0).unwrap());
    assert_eq!(only(&shifted), s(TEXT));
    let utc_dt = time::UtcDateTime::from_unix_timestamp(SECS).unwrap();
    assert_eq!(only(&utc_dt), s("2026-11-26T11:30:17.000000000Z"));

    let ts = jiff::Timestamp::new(SECS, i32::try_from(NANOS).unwrap()).unwrap();
    assert_eq!(only(&ts), s(TEXT));
    let before_epoch = jiff::Timestamp::new(-1, 500_000_000).unwrap();
    assert_eq!(only(&before_epoch), s("1969-12-31T23:59:59.500000000Z"));
    let zoned = ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)));
    assert_eq!(only(&zoned), s(TEXT));
}

#[test]
fn a_thread_id_is_its_number() {
    let id = thread::current().id();
    let Primitive::U64(n) = only(&id) else {
        panic!("a number")
    };
    assert_eq!(format!("{id:?}"), format!("ThreadId({n})"));
}

#[test]
fn foreign_types_go_through_the_macros() {
    let id = uuid::Uuid::nil();
    let status = http::StatusCode::BAD_GATEWAY;
    let method = http::Method::GET;
    let event = capture(|| safe_log::info!(request.id = id, status, method)).only();
    assert_eq!(
        event.data(),
        fields! {
            "request.id" => "00000000-0000-0000-0000-000000000000",
            "status" => 502u64,
            "method" => "GET",
        }
    );
}
