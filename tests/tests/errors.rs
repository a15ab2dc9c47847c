//! Errors are log values: one string, the message and then each source's;
//! at a call site any `std::error::Error` is one, in a record with
//! `#[safe_log(error)]`. Subscribers that treat errors apart see one.

#![allow(dead_code, reason = "fields exist to be logged")]

mod support;

use std::error::Error;
use std::fmt;
use std::io;
use std::sync::Arc;

use safe_log::{ErrorChain, FMT_ERROR, Fields, Primitive, SafeLog};
use support::{Val, capture};

/// thiserror's usual shapes: a message that repeats its source, a
/// transparent wrapper, and a message that does not.
#[derive(Debug, thiserror::Error)]
enum FetchError {
    #[error("cannot read the cache: {0}")]
    Cache(#[source] io::Error),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("upstream failed")]
    Upstream(#[source] io::Error),
}

/// A three-deep chain whose messages do not repeat each other.
#[derive(Debug, thiserror::Error)]
#[error("request failed")]
struct RequestError(#[source] FetchError);

fn not_found() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file")
}

fn text(error: &dyn Error) -> String {
    ErrorChain(error).to_string()
}

#[test]
fn the_chain_is_the_message_then_each_source() {
    assert_eq!(text(&not_found()), "no such file");
    assert_eq!(
        text(&FetchError::Upstream(not_found())),
        "upstream failed: no such file"
    );
    assert_eq!(
        text(&RequestError(FetchError::Upstream(not_found()))),
        "request failed: upstream failed: no such file"
    );
}

#[test]
fn a_source_the_message_already_ends_with_is_written_once() {
    // thiserror's `"...: {0}"`.
    assert_eq!(
        text(&FetchError::Cache(not_found())),
        "cannot read the cache: no such file"
    );
    // `#[error(transparent)]`: the message is the source's.
    assert_eq!(text(&FetchError::Io(not_found())), "no such file");
    assert_eq!(
        text(&RequestError(FetchError::Cache(not_found()))),
        "request failed: cannot read the cache: no such file"
    );
}

/// An error whose message ends with its source's text only by chance, in
/// the middle of a word.
#[derive(Debug)]
struct Suffix(Word);
#[derive(Debug)]
struct Word;
impl fmt::Display for Suffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unfinished")
    }
}
impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("finished")
    }
}
impl Error for Word {}
impl Error for Suffix {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn a_source_is_skipped_only_at_a_word_boundary() {
    assert_eq!(text(&Suffix(Word)), "unfinished: finished");
}

/// A `Display` that fails, and a `source()` that loops.
#[derive(Debug)]
struct Broken;
impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("half")?;
        Err(fmt::Error)
    }
}
impl Error for Broken {}

#[derive(Debug)]
struct Loop;
impl fmt::Display for Loop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("again")
    }
}
impl Error for Loop {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&Loop)
    }
}

#[test]
fn a_failing_display_is_marked_and_a_looping_source_ends() {
    assert_eq!(text(&Broken), format!("half{FMT_ERROR}"));
    // Each source repeats the text before it, so it is skipped; the walk
    // ends after a bounded number of sources, not never.
    assert_eq!(text(&Loop), "again");
}

#[test]
fn any_error_logs_at_a_call_site_as_its_chain() {
    let io = not_found();
    let fetch = FetchError::Upstream(not_found());
    let boxed: Box<dyn Error + Send + Sync> = Box::new(FetchError::Upstream(not_found()));
    let shared: Arc<dyn Error + Send + Sync> = Arc::new(RequestError(FetchError::Io(not_found())));
    let any = anyhow::Error::new(not_found()).context("loading the configuration");
    let events = capture(|| {
        safe_log::error!(error = io, "io by value");
        safe_log::error!(error = &io, "io by reference");
        safe_log::error!(error = &fetch as &dyn Error, "tracing's idiom");
        safe_log::error!(
            error = &fetch as &(dyn Error + Send + Sync),
            "with Send + Sync"
        );
        safe_log::error!(error = fetch, "a thiserror enum");
        safe_log::error!(error = boxed, "boxed");
        safe_log::error!(error = shared, "shared");
        safe_log::error!(error = any, "anyhow");
    })
    .events();
    let errors: Vec<&Val> = events.iter().map(|e| e.get("error").unwrap()).collect();
    let chain = "upstream failed: no such file";
    assert_eq!(
        errors,
        [
            &Val::Error("no such file".into()),
            &Val::Error("no such file".into()),
            &Val::Error(chain.into()),
            &Val::Error(chain.into()),
            &Val::Error(chain.into()),
            &Val::Error(chain.into()),
            &Val::Error("request failed: no such file".into()),
            &Val::Error("loading the configuration: no such file".into()),
        ]
    );
}

/// A type that is both an error and log-safe: its `SafeLog` form wins.
#[derive(Debug, SafeLog)]
struct Coded {
    code: u16,
}
impl fmt::Display for Coded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "code {}", self.code)
    }
}
impl Error for Coded {}

#[test]
fn a_log_safe_error_uses_its_log_form() {
    let event = capture(|| safe_log::warn!(failure = Coded { code: 7 })).only();
    assert_eq!(event.data(), fields! { "failure.code" => 7u64 });
}

#[test]
fn errors_are_message_arguments_too() {
    let error = FetchError::Upstream(not_found());
    let event = capture(|| safe_log::error!("fetch failed: {}; again: {error:#}", error)).only();
    assert_eq!(
        event.message(),
        Some("fetch failed: upstream failed: no such file; again: upstream failed: no such file")
    );
}

#[derive(SafeLog)]
struct Failure<'a> {
    attempt: u32,
    #[safe_log(error)]
    cause: FetchError,
    #[safe_log(error)]
    previous: Option<io::Error>,
    #[safe_log(error)]
    boxed: Box<dyn Error + Send + Sync>,
    #[safe_log(error, max_len = 8)]
    short: &'a FetchError,
}

#[test]
fn records_log_error_fields_by_their_chain() {
    let cause = FetchError::Cache(not_found());
    let failure = Failure {
        attempt: 2,
        cause: FetchError::Upstream(not_found()),
        previous: None,
        boxed: Box::new(not_found()),
        short: &cause,
    };
    assert_eq!(
        Fields(&failure).to_vec(),
        [
            ("attempt".to_owned(), Primitive::U64(2)),
            (
                "cause".to_owned(),
                Primitive::from("upstream failed: no such file")
            ),
            ("boxed".to_owned(), Primitive::from("no such file")),
            ("short".to_owned(), Primitive::from("cannot r…")),
        ]
    );
    let with_previous = Failure {
        previous: Some(not_found()),
        ..failure
    };
    assert_eq!(
        Fields(&with_previous).to_vec()[2],
        ("previous".to_owned(), Primitive::from("no such file"))
    );
    // Through tracing, an error field is an error.
    let event = capture(|| safe_log::error!(failure = with_previous)).only();
    assert_eq!(
        event.get("failure.cause"),
        Some(&Val::Error("upstream failed: no such file".into()))
    );
}

#[test]
fn display_logs_the_text_chosen_at_the_call_site() {
    struct Latency(u32);
    impl fmt::Display for Latency {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} ms", self.0)
        }
    }
    let latency = Latency(42);
    let event = capture(|| {
        safe_log::info!(
            latency = safe_log::display(&latency),
            broken = safe_log::display(&Broken),
            "served"
        );
    })
    .only();
    assert_eq!(
        event.data(),
        fields! { "latency" => "42 ms", "broken" => format!("half{FMT_ERROR}").as_str() }
    );
}

/// A generic record bounds its parameters by what each field's form needs:
/// `Error` for `error`, `Display` for `display`, nothing for `skip`.
#[derive(SafeLog)]
struct Failed<E: Error, D, S> {
    #[safe_log(error)]
    error: E,
    #[safe_log(display)]
    shown: Option<D>,
    #[safe_log(skip)]
    state: S,
    attempt: u32,
}

#[test]
fn a_generic_record_logs_a_thiserror_enum_by_its_chain() {
    struct Opaque;
    let failed = Failed {
        error: FetchError::Upstream(not_found()),
        shown: Some(std::net::Ipv4Addr::LOCALHOST),
        state: Opaque,
        attempt: 2,
    };
    let _ = &failed.state;
    assert_eq!(
        Fields(&failed).to_vec(),
        [
            (
                "error".to_owned(),
                Primitive::from("upstream failed: no such file")
            ),
            ("shown".to_owned(), Primitive::from("127.0.0.1")),
            ("attempt".to_owned(), Primitive::from(2u64)),
        ]
    );
}
