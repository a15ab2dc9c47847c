//! `SafeLog` for other crates' types with one obvious log form, each behind
//! an off-by-default feature named after its crate, so that a build pulls
//! in none of these crates unless it asks for it. A new crate is a new file
//! here and a feature in `Cargo.toml`.
//!
//! What stays out, on purpose: header maps and header values (they carry
//! credentials and have no fixed keys), maps and sequences (keys decided at
//! run time), and types whose only text is `Debug`.

#[cfg(feature = "anyhow")]
mod anyhow;
#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "jiff")]
mod jiff;
#[cfg(feature = "time")]
mod time;
#[cfg(feature = "url")]
mod url;
#[cfg(feature = "uuid")]
mod uuid;
