//! Call sites from hyper, hyper-util, tower, axum, tungstenite and typical
//! services. Each one ends with a marker comment: `ok` means it builds
//! after the migration as it is; `decide` names the value that has no log
//! form, which the compiler points at.
#![allow(dead_code, unused_variables, unused_imports, clippy::all)]

mod types;

mod client;
mod frame;
mod hyper;
mod pool;
mod service;
mod tower_like;
