//! Emission: how `safe_log!` and the level macros turn a call into a tracing
//! event whose fields are the flattened keys of its arguments.
//!
//! A call goes through these rooms, in this order:
//!
//! - [`macros`]: the `macro_rules!` front end (tracing's syntax), which
//!   splits the arguments and hands them to the hidden proc macro;
//! - [`site`]: the `static` of each call site, the level gate, and the
//!   registry that finds the tracing callsite of (call site x argument
//!   layout) without evaluating an argument;
//! - [`args`]: the arguments, checked for `SafeLog` at their values, as one
//!   nested tuple type whose leaf count is a constant: an event's fields are
//!   filled by code made for that type; erased behind one virtual call each
//!   where a path needs them as values of any type (`log`, the general
//!   path of more than 32 fields);
//! - [`callsite`]: the leaked, registered tracing callsite whose field set is
//!   the flattened keys, and the dispatch of an event;
//! - [`fill`]: the visitor that points each field at its value, and the
//!   per-thread pool of values computed while visiting;
//! - [`message`]: the message's format arguments, written as text;
//! - [`record`]: a value recorded later into a span's declared field;
//! - [`log_event`]: the second backend, events to `log`'s logger.

pub(crate) mod args;
pub(crate) mod callsite;
pub(crate) mod fill;
pub(crate) mod log_event;
mod macros;
pub(crate) mod message;
pub(crate) mod record;
pub(crate) mod site;
