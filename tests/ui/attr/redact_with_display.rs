use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(redact, display)]
    pub token: String,
}

fn main() {}
