//! Tests of safe-log's `log-always` feature: a feature changes the whole
//! build, so they live in a crate of their own (`tests/`).
