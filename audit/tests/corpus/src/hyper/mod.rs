//! hyper's layout: the wrappers in `trace`, the protocol code after them.

#[macro_use]
mod trace;

mod h1;
