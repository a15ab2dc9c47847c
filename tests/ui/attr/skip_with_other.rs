use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(skip, rename = "cache")]
    pub cache: Vec<u8>,
    #[safe_log(skip, redact)]
    pub secret: String,
}

fn main() {}
