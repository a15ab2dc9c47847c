use safe_log::SafeLog;

#[derive(SafeLog)]
pub enum Mode {
    Fast,
    Safe,
}

#[derive(SafeLog)]
pub struct Diag {
    pub id: u64,
    #[safe_log(flatten)]
    pub mode: Mode,
}

fn main() {}
