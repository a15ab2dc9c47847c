// A map has keys chosen at run time.
use std::collections::HashMap;

use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    pub conn_id: u64,
    pub headers: HashMap<String, u32>,
}

fn main() {}
