// Each leaking field gets its own error, and only one.
use std::collections::BTreeMap;

use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    pub tags: BTreeMap<String, String>,
    pub ok: bool,
    pub history: Vec<u32>,
}

fn main() {}
