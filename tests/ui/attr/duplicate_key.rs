use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    pub id: u64,
    #[safe_log(rename = "id")]
    pub conn_id: u64,
}

fn main() {}
