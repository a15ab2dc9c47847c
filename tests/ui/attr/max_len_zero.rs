use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(max_len = 0)]
    pub reason: String,
}

fn main() {}
