use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(max_len = 16)]
    pub count: u64,
}

fn main() {}
