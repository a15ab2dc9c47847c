use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(skip = true)]
    pub cache: Vec<u8>,
}

fn main() {}
