//! Tests of safe-log; see `tests/`.
