use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    pub detail: Box<dyn std::fmt::Debug>,
}

fn main() {}
