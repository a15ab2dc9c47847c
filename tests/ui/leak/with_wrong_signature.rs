use std::time::Duration;

use safe_log::SafeLog;

fn millis(d: &u32) -> u32 {
    *d
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(with = millis)]
    pub elapsed: Duration,
}

fn main() {}
