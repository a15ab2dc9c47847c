use safe_log::SafeLog;

#[derive(SafeLog)]
#[safe_log(redact)]
pub struct Diag {
    #[safe_log(rename_all = "camelCase")]
    pub conn_id: u64,
}

#[derive(SafeLog)]
pub enum State {
    #[safe_log(skip)]
    Open,
    Closed,
}

fn main() {}
