#[derive(safe_log::SafeLog)]
#[safe_log(crate = "safe log")]
pub struct Diag {
    pub conn_id: u64,
}

fn main() {}
