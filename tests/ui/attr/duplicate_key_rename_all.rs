// `rename_all` can make two fields collide.
use safe_log::SafeLog;

#[derive(SafeLog)]
#[safe_log(rename_all = "UPPERCASE")]
pub struct Diag {
    pub conn_id: u64,
    #[safe_log(rename = "CONN_ID")]
    pub connection: u64,
}

fn main() {}
