use std::collections::HashMap;

use safe_log::SafeLog;

fn as_map(count: &u32) -> HashMap<String, u32> {
    HashMap::from([("count".to_owned(), *count)])
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(with = as_map)]
    pub count: u32,
}

fn main() {}
