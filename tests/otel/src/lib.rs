//! Tests of safe-log with OpenTelemetry's tracing bridges (`tests/`): a
//! crate of their own, so that the OpenTelemetry crates are built only for
//! them.
