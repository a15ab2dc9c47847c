use safe_log::SafeLog;

#[derive(SafeLog)]
#[safe_log(display)]
pub struct Latency {
    pub micros: u64,
}

fn main() {}
