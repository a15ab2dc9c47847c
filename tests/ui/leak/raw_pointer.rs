use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Buffer {
    pub start: *const u8,
    pub len: usize,
}

fn main() {}
