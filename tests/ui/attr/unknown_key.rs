use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(hidden)]
    pub token: String,
}

fn main() {}
