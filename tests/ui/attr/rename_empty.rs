use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(rename = "")]
    pub conn_id: u64,
}

fn main() {}
