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
