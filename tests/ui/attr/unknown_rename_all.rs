use safe_log::SafeLog;

#[derive(SafeLog)]
#[safe_log(rename_all = "Snake_Case")]
pub struct Diag {
    pub conn_id: u64,
}

fn main() {}
