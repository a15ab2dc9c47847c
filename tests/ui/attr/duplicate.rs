use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(rename = "id", rename = "conn_id")]
    pub connection: u64,
    #[safe_log(redact)]
    #[safe_log(redact)]
    pub token: String,
}

fn main() {}
