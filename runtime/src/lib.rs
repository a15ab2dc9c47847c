//! Logging that the compiler checks: a log event is made only of primitives
//! every sink can represent.
//!
//! A value that cannot be logged (a raw foreign enum, a map, a trait object)
//! is a compile error on the field that holds it, not an exception in an
//! error path in production.
//!
//! ```
//! use safe_log::{Fields, SafeLog};
//!
//! #[derive(SafeLog)]
//! enum WebSocketState { Connecting, Connected, ClosingHandshake, Closed }
//!
//! #[derive(SafeLog)]
//! struct Peer { ip: std::net::IpAddr, port: u16 }
//!
//! #[derive(SafeLog)]
//! struct Diag {
//!     conn_id: u64,
//!     state: WebSocketState,
//!     close_code: Option<u16>,
//!     peer: Peer,
//!     #[safe_log(redact)]
//!     auth_token: String,
//! }
//!
//! let diag = Diag {
//!     conn_id: 42,
//!     state: WebSocketState::ClosingHandshake,
//!     close_code: Some(1000),
//!     peer: Peer { ip: [10, 0, 0, 7].into(), port: 51234 },
//!     auth_token: "eyJhbGciOi".to_owned(),
//! };
//! # #[cfg(feature = "serde")]
//! assert_eq!(
//!     serde_json::to_string(&Fields(&diag)).unwrap(),
//!     r#"{"conn_id":42,"state":"closing_handshake","close_code":1000,"peer.ip":"10.0.0.7","peer.port":51234,"auth_token":"[redacted]"}"#,
//! );
//! ```
//!
//! # The model
//!
//! - [`Value`] is the closed set of primitives: null, bool, i64, u64, f64,
//!   string.
//! - [`SafeLog`] is implemented by every type that may appear in a log event:
//!   the primitives, a few std types with one obvious text form, wrappers of
//!   log-safe types, and every type with `#[derive(SafeLog)]`.
//! - A record's keys are fixed at compile time ([`keys`]); [`Fields`] lists a
//!   value's keys and values, and serializes them.
//!
//! # `#[derive(SafeLog)]`
//!
//! | input | logged as |
//! |---|---|
//! | struct with named fields | a record: each field is a key; a nested record gives `outer.inner` |
//! | newtype struct `struct Id(u64);` | the inner value |
//! | enum with unit variants only | a string: the variant name in `snake_case` |
//! | enum with data variants | the key holds the variant name; the variant's fields go under `key.field`, a newtype variant's value under `key.variant` |
//! | unit struct | a record with no keys |
//!
//! Field attributes, written `#[safe_log(...)]`:
//!
//! | attribute | effect |
//! |---|---|
//! | `rename = "key"` | the field's key (dots nest) |
//! | `skip` | the field is not logged; its type needs no bound |
//! | `redact` | the value is replaced by `"[redacted]"`, whatever it is; its type needs no bound |
//! | `display` | the value's `Display` text, an explicit opt-in (through an `Option`) |
//! | `error` | an error's chain of messages ([`ErrorChain`]) |
//! | `with = path::to::fn` | the result of `fn(&Field) -> impl SafeLog` |
//! | `flatten` | a nested record's keys merge into the parent's |
//! | `max_len = N` | a string cut at N bytes on a char boundary, then `…` |
//!
//! Container attributes: `display` (the whole type is its `Display` text),
//! `crate = "path"` (where this crate is, for a renamed dependency), and
//! `rename_all = "..."` with serde's cases
//! (`lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`,
//! `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE`): on a struct
//! it renames the keys, on an enum the variants. Variants take
//! `rename = "..."`. `rename` wins over `rename_all`.
//!
//! # Std types
//!
//! | type | logged as |
//! |---|---|
//! | `bool`, `i8`..`i64`, `isize`, `u8`..`u64`, `usize`, `NonZero<_>` | bool, i64, u64 |
//! | `f32`, `f64` | f64; NaN and infinities become `"NaN"`, `"Infinity"`, `"-Infinity"` in [`Fields`] |
//! | `i128`, `u128` | their decimal text (JSON numbers are doubles) |
//! | `char`, `str`, `String`, `Cow<str>` | string |
//! | `IpAddr`, `Ipv4Addr`, `Ipv6Addr`, `SocketAddr`, `SocketAddrV4`, `SocketAddrV6` | their `Display` text |
//! | `Path`, `PathBuf` | their text (invalid UTF-8 as U+FFFD) |
//! | `Duration` | f64 seconds |
//! | `SystemTime` | RFC 3339 in UTC with nanoseconds: `"2026-11-26T11:30:17.123456789Z"` |
//! | `io::ErrorKind` | its description: `"entity not found"` |
//! | `io::Error`, `dyn Error` (`+ Send`, `+ Sync`) | its chain of messages ([`ErrorChain`]) |
//! | `ThreadId` | its number |
//! | `()` | null |
//! | `&T`, `&mut T`, `Box<T>`, `Rc<T>`, `Arc<T>` | as `T` |
//! | `Option<T>` | as `T`; `None`: the keys are absent |
//! | `Vec<T>`, `[T]`, `[T; N]`, `VecDeque<T>`, `BTreeSet<T>`, `HashSet<T>`, tuples of up to 12 | a list when each item is one primitive ([`ListItem`]): an array in serde and the Cloud Logging line, a JSON text elsewhere, bounded ([`set_list_limits`]) |
//!
//! # Errors, and the call site's own forms
//!
//! At a call site (`safe_log::error!(error = e)`) any `std::error::Error` is a
//! log value, its chain of messages; a type that is also `SafeLog` uses its
//! `SafeLog` form. [`display`] logs a value's `Display` text on purpose.
//!
//! # Other crates' types (features named after the crate)
//!
//! | feature | types | logged as |
//! |---|---|---|
//! | `uuid` | `Uuid` | lowercase hyphenated |
//! | `http` | `StatusCode` | its number |
//! | `http` | `Method`, `Version`, `Scheme`, `Authority`, `PathAndQuery`, `Uri` | their text, a password replaced by `[redacted]` |
//! | `url` | `Url` | its text, a password replaced by `[redacted]` |
//! | `chrono` | `DateTime<Tz>` | RFC 3339 in UTC with nanoseconds |
//! | `time` | `OffsetDateTime`, `UtcDateTime` | RFC 3339 in UTC with nanoseconds |
//! | `jiff` | `Timestamp`, `Zoned` | RFC 3339 in UTC with nanoseconds |
//! | `anyhow` | `anyhow::Error` | its chain of messages |

#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime's parts, one folder each: the value model, emission through
// tracing, and the sinks.
mod emit;
mod sink;
mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::emit::args::{CallSite, InstrumentArgument, InstrumentSelf, LabelValue, LogValue};
pub use crate::emit::message::{ABSENT, IntegerValue, NumberValue};
pub use crate::value::display::{DisplayText, DisplayValue, display};
pub use crate::value::empty::{Empty, empty};
pub use crate::value::error::{ErrorChain, ErrorField};
pub use crate::value::fields::{Fields, Primitive};
pub use crate::value::keys::{KeyMark, Keys, Under, keys};
pub use crate::value::list::{
    DEFAULT_LIST_LIMITS, ItemSink, ListItem, ListItems, ListLimits, ListText, TupleItem,
    list_limits, set_list_limits,
};
#[doc(hidden)]
pub use crate::value::max_len::MaxLen;
pub use crate::value::text::{FMT_ERROR, REDACTED, TRUNCATED};
#[doc(hidden)]
pub use crate::value::with::with_fn;
pub use crate::value::{Layout, Record, SafeLog, Value, Visitor};

#[cfg(feature = "cloud-logging")]
pub use crate::sink::cloud;
#[cfg(feature = "cloud-logging")]
pub use crate::sink::cloud::{CloudLogging, init, init_with};

/// The level of an event: `Level::ERROR`, `Level::WARN`, `Level::INFO`,
/// `Level::DEBUG`, `Level::TRACE` (tracing's).
pub use tracing_core::Level;

/// Wraps a function in a span whose fields are its arguments, recorded by
/// their log form, never with `Debug`: tracing's `#[instrument]`, checked.
///
/// ```
/// #[derive(safe_log::SafeLog)]
/// struct Job { id: u64 }
///
/// #[safe_log::instrument(level = "debug", skip(secret), fields(queue = "reindex"), err)]
/// fn run(job: &Job, attempt: u32, secret: &str) -> Result<u64, std::io::Error> {
///     safe_log::info!("inside the span `run`, with `job.id`, `attempt` and `queue`");
///     Ok(job.id)
/// }
///
/// # let _ = run(&Job { id: 7 }, 1, "s3cret");
/// ```
///
/// Options, as tracing's: `level = "info"` (or `Level::INFO`), `name =
/// "..."` (default: the function's name), `target = "..."`, `skip(a, b)`,
/// `skip_all`, `fields(key = value, ...)` in the event macros' checked
/// syntax (a field named like an argument replaces it), `err` (an `Err` is
/// logged at ERROR by its chain of messages; `err(level = "warn")`,
/// `err(Display)`), `ret` (the return value, which must be log-safe, at the
/// span's level), `parent = &span`, `follows_from = ids`.
///
/// Every argument not skipped is recorded under its name by its log form
/// (a record's keys under `arg.key`); an argument whose type has no log form
/// is one compile error on it that says to skip it. `self` likewise.
/// Destructuring parameters are not recorded (name them, or use
/// `fields(...)`). Works on sync and `async fn`, functions returning `impl
/// Future` (the future is instrumented), generic functions and methods.
pub use safe_log_macros::instrument;

/// Implements [`SafeLog`] for a struct or an enum, and fails the build when a
/// field cannot be logged. See the [crate documentation](crate) for shapes
/// and attributes.
pub use safe_log_macros::SafeLog;
