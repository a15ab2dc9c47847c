use std::fmt;

use safe_log::SafeLog;

#[derive(SafeLog)]
#[safe_log(display)]
pub struct Latency {
    #[safe_log(rename = "us")]
    pub micros: u64,
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} us", self.micros)
    }
}

fn main() {}
