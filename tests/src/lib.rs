//! Tests of safe-log: `ui/` holds the compile-fail and compile-pass cases,
//! `tests/` the behaviour tests. This library only runs the README's
//! examples as doctests, so they cannot rot.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
