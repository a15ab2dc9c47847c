//! `safe_log!` and the level macros: tracing's syntax, so migrating is a
//! rename, without `?` and `%`.
//!
//! The `macro_rules!` front end splits the arguments with Rust's own
//! expression parser and hands them, tagged, to the hidden proc macro, which
//! checks keys and the message and generates the event.

/// Logs an event made only of log-safe values.
///
/// The syntax is tracing's `event!`: a level, then fields, then an optional
/// message.
///
/// ```
/// use safe_log::{Level, SafeLog};
///
/// #[derive(SafeLog)]
/// enum WebSocketState { Open, Closing }
///
/// #[derive(SafeLog)]
/// struct Diag { conn_id: u64, state: WebSocketState }
///
/// let diag = Diag { conn_id: 7, state: WebSocketState::Closing };
/// let attempt = 2u32;
/// safe_log::safe_log!(Level::WARN, diag = &diag, attempt, "retrying after {} attempts", attempt);
/// safe_log::safe_log!(target: "ws", Level::INFO, ..diag, peer.port = 443u16);
/// ```
///
/// - `name = value`: a field; a record's keys go under `name`
///   (`diag.conn_id`). Dotted names nest: `peer.port = 443`; a quoted key
///   is the same: `"peer.port" = 443`.
/// - `name`: shorthand for `name = name` (and `a.b` for `a.b = a.b`).
/// - `..record`: the record's keys at the top level of the event.
/// - `name: "..."`, `target: "..."`, `parent: &span` (or `None`) first, in
///   any order, as in tracing; the default target is the module path.
/// - A string literal last is the message, or `message = value`; its `{}`
///   placeholders take log-safe values and errors, written as their text.
///
/// Every value must implement [`SafeLog`](crate::SafeLog) or
/// `std::error::Error` (logged as its chain of messages, see
/// [`ErrorChain`](crate::ErrorChain)): anything else is one compile error on
/// that value, which names [`display`](crate::display). So are `?value` and
/// `%value` (which format at run time), `{:?}` in the message, a key used
/// twice and a key that sinks reserve (`severity`, `time`, `timestamp`,
/// `httpRequest`, ...). An argument may use `?` and `.await`.
///
/// Each flattened key is a first-class tracing field, and the event carries
/// the call's file, line, module path and target, so every tracing
/// subscriber and `EnvFilter` directive works with it. A disabled event
/// evaluates none of its arguments.
#[macro_export]
macro_rules! safe_log {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!({ krate [$crate] } level $($rest)*)
    };
}

/// Reads the prefixes (`name:`, `target:`, `parent:`, in any order), then
/// the level (`safe_log!`) or the fields (the level macros).
#[doc(hidden)]
#[macro_export]
macro_rules! __safe_log_prefix {
    ({ $($head:tt)* } $then:ident name: $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_prefix!({ $($head)* (name [$value]) } $then $($($rest)*)?)
    };
    ({ $($head:tt)* } $then:ident target: $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_prefix!({ $($head)* (target [$value]) } $then $($($rest)*)?)
    };
    ({ $($head:tt)* } $then:ident parent: $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_prefix!({ $($head)* (parent [$value]) } $then $($($rest)*)?)
    };
    ({ $($head:tt)* } level $level:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!({ $($head)* level [$level] } [] $($($rest)*)?)
    };
    ({ $($head:tt)* } fields $($rest:tt)*) => {
        $crate::__safe_log_munch!({ $($head)* } [] $($rest)*)
    };
    // `span!`: the level, then the name.
    ({ $($head:tt)* } span_level $level:expr, $name:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!({ $($head)* level [$level] (name [$name]) } [] $($($rest)*)?)
    };
    // The level span macros: the name.
    ({ $($head:tt)* } span_name $name:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!({ $($head)* (name [$name]) } [] $($($rest)*)?)
    };
}

/// Splits the fields, one at a time.
#[doc(hidden)]
#[macro_export]
macro_rules! __safe_log_munch {
    // `"quoted.key" = value`, before the message (a literal too).
    ({ $($head:tt)* } [ $($fields:tt)* ] $key:literal = $first:tt $($rest:tt)*) => {
        $crate::__safe_log_value!(
            { $($head)* } [ $($fields)* ] [ $key ] [ $first ] $first $($rest)*
        )
    };
    // The message: a string literal, then its format arguments.
    ({ $($head:tt)* } [ $($fields:tt)* ] $message:literal $(, $($args:tt)*)?) => {
        $crate::__safe_log_format!(
            { $($head)* fields [ $($fields)* ] message } [ $message ] $($($args)*)?
        )
    };
    ({ $($head:tt)* } [ $($fields:tt)* ] $(,)?) => {
        $crate::__private::event! { $($head)* fields [ $($fields)* ] message [] }
    };
    // `name = value`. The value's first token is passed twice: once to be
    // matched against `?` and `%`, once as it is, so that an error lands on
    // the user's own token.
    ({ $($head:tt)* } [ $($fields:tt)* ] $($key:ident).+ = $first:tt $($rest:tt)*) => {
        $crate::__safe_log_value!(
            { $($head)* } [ $($fields)* ] [ $($key).+ ] [ $first ] $first $($rest)*
        )
    };
    ({ $($head:tt)* } [ $($fields:tt)* ] .. $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (spread .. [$value]) ] $($($rest)*)?
        )
    };
    ({ $($head:tt)* } [ $($fields:tt)* ] $($key:ident).+ $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (short [$($key).+]) ] $($($rest)*)?
        )
    };
    // `?value` and `%value`, kept to be reported on the sigil.
    ({ $($head:tt)* } [ $($fields:tt)* ] $sigil:tt $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (sigil [] $sigil [$value]) ] $($($rest)*)?
        )
    };
}

/// One `name = value` field, its value's first token given twice.
#[doc(hidden)]
#[macro_export]
macro_rules! __safe_log_value {
    ({ $($head:tt)* } [ $($fields:tt)* ] [ $($key:tt)* ] [ $sigil:tt ] ? $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (sigil [$($key)*] $sigil [$value]) ] $($($rest)*)?
        )
    };
    ({ $($head:tt)* } [ $($fields:tt)* ] [ $($key:tt)* ] [ $sigil:tt ] % $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (sigil [$($key)*] $sigil [$value]) ] $($($rest)*)?
        )
    };
    ({ $($head:tt)* } [ $($fields:tt)* ] [ $($key:tt)* ] [ $first:tt ] $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_munch!(
            { $($head)* } [ $($fields)* (field [$($key)*] [$value]) ] $($($rest)*)?
        )
    };
}

/// Splits the message's format arguments, one at a time.
#[doc(hidden)]
#[macro_export]
macro_rules! __safe_log_format {
    ({ $($head:tt)* } [ $($message:tt)* ] $(,)?) => {
        $crate::__private::event! { $($head)* [ $($message)* ] }
    };
    ({ $($head:tt)* } [ $($message:tt)* ] $name:ident = $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_format!(
            { $($head)* } [ $($message)* (named $name [$value]) ] $($($rest)*)?
        )
    };
    ({ $($head:tt)* } [ $($message:tt)* ] $value:expr $(, $($rest:tt)*)?) => {
        $crate::__safe_log_format!(
            { $($head)* } [ $($message)* (pos [$value]) ] $($($rest)*)?
        )
    };
}

/// Logs an error: something failed and needs attention; [`safe_log!`] at `Level::ERROR`.
///
/// ```
/// # let conn_id = 7u64;
/// safe_log::error!(conn_id, "websocket message handled");
/// safe_log::error!(target: "ws", conn_id, attempt = 2u8);
/// ```
#[macro_export]
macro_rules! error {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] level [$crate::Level::ERROR] } fields $($rest)*
        )
    };
}

/// Logs a warning: something unexpected that was handled; [`safe_log!`] at `Level::WARN`.
///
/// ```
/// # let conn_id = 7u64;
/// safe_log::warn!(conn_id, "websocket message handled");
/// safe_log::warn!(target: "ws", conn_id, attempt = 2u8);
/// ```
#[macro_export]
macro_rules! warn {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] level [$crate::Level::WARN] } fields $($rest)*
        )
    };
}

/// Logs information: a normal, noteworthy event; [`safe_log!`] at `Level::INFO`.
///
/// ```
/// # let conn_id = 7u64;
/// safe_log::info!(conn_id, "websocket message handled");
/// safe_log::info!(target: "ws", conn_id, attempt = 2u8);
/// ```
#[macro_export]
macro_rules! info {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] level [$crate::Level::INFO] } fields $($rest)*
        )
    };
}

/// Logs a debugging event; [`safe_log!`] at `Level::DEBUG`.
///
/// ```
/// # let conn_id = 7u64;
/// safe_log::debug!(conn_id, "websocket message handled");
/// safe_log::debug!(target: "ws", conn_id, attempt = 2u8);
/// ```
#[macro_export]
macro_rules! debug {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] level [$crate::Level::DEBUG] } fields $($rest)*
        )
    };
}

/// Logs a tracing event: the finest detail; [`safe_log!`] at `Level::TRACE`.
///
/// ```
/// # let conn_id = 7u64;
/// safe_log::trace!(conn_id, "websocket message handled");
/// safe_log::trace!(target: "ws", conn_id, attempt = 2u8);
/// ```
#[macro_export]
macro_rules! trace {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] level [$crate::Level::TRACE] } fields $($rest)*
        )
    };
}

/// Makes a span whose fields are log-safe values: tracing's `span!`, with
/// the event macros' checked syntax. Returns a `tracing::Span`.
///
/// ```
/// use safe_log::Level;
///
/// #[derive(safe_log::SafeLog)]
/// struct Peer { port: u16 }
///
/// let peer = Peer { port: 443 };
/// let span = safe_log::span!(Level::INFO, "connection", peer = &peer, conn_id = 7u64);
/// let _entered = span.enter();
/// safe_log::info!("inside the span");
/// ```
///
/// `target:` and `parent:` come first, as in tracing; then the level, the
/// name (a string literal), and the fields. Each flattened key is a
/// first-class span field, with a callsite per (call site x argument types)
/// as for events; `?value`, `%value` and values that are not log-safe are
/// the same compile errors. A field declared now and recorded later is
/// `key = safe_log::empty::<T>()`, recorded with [`record!`](crate::record).
/// A disabled span evaluates none of its fields. Spans are not forwarded to
/// `log`.
#[macro_export]
macro_rules! span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!({ krate [$crate] kind [span] } span_level $($rest)*)
    };
}

/// Makes a span at `Level::ERROR`; see [`span!`].
///
/// ```
/// let span = safe_log::error_span!("shutdown", code = 2u8);
/// ```
#[macro_export]
macro_rules! error_span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] kind [span] level [$crate::Level::ERROR] } span_name $($rest)*
        )
    };
}

/// Makes a span at `Level::WARN`; see [`span!`].
///
/// ```
/// let span = safe_log::warn_span!("retry", attempt = 2u8);
/// ```
#[macro_export]
macro_rules! warn_span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] kind [span] level [$crate::Level::WARN] } span_name $($rest)*
        )
    };
}

/// Makes a span at `Level::INFO`; see [`span!`].
///
/// ```
/// let span = safe_log::info_span!("request", method = "GET");
/// ```
#[macro_export]
macro_rules! info_span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] kind [span] level [$crate::Level::INFO] } span_name $($rest)*
        )
    };
}

/// Makes a span at `Level::DEBUG`; see [`span!`].
///
/// ```
/// let span = safe_log::debug_span!("parse", bytes = 512u32);
/// ```
#[macro_export]
macro_rules! debug_span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] kind [span] level [$crate::Level::DEBUG] } span_name $($rest)*
        )
    };
}

/// Makes a span at `Level::TRACE`; see [`span!`].
///
/// ```
/// let span = safe_log::trace_span!("poll", ready = false);
/// ```
#[macro_export]
macro_rules! trace_span {
    ($($rest:tt)*) => {
        $crate::__safe_log_prefix!(
            { krate [$crate] kind [span] level [$crate::Level::TRACE] } span_name $($rest)*
        )
    };
}

/// Records log-safe values into fields a span declared with
/// [`empty`](crate::empty): `record!(span, key = value, ...)`.
///
/// ```
/// let span = safe_log::info_span!("request", status = safe_log::empty::<u16>());
/// safe_log::record!(span, status = 200u16);
/// ```
///
/// Each value is checked as an event's is (log-safe, or an error); each of
/// its flattened keys goes into the span field of that name. A key the span
/// did not declare records nothing, as in tracing. Nothing is evaluated for
/// a disabled span.
#[macro_export]
macro_rules! record {
    ($span:expr, $($rest:tt)*) => {
        $crate::__safe_log_munch!({ krate [$crate] kind [record] (span [$span]) } [] $($rest)*)
    };
}
