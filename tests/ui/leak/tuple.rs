use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Window {
    pub size: (u32, u32),
}

fn main() {}
