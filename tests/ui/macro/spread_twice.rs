#[derive(safe_log::SafeLog)]
pub struct Diag {
    pub conn_id: u64,
}

fn main() {
    let diag = Diag { conn_id: 7 };
    safe_log::info!(..diag, ..diag, "spread twice");
}
