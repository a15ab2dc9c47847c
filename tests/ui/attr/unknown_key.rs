use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(hidden)]
    // safe-log: allow(credential-name) the case is about the attribute above
    pub token: String,
}

fn main() {}
