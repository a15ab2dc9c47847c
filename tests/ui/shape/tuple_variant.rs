use safe_log::SafeLog;

#[derive(SafeLog)]
pub enum Event {
    Opened,
    Resized(u32, u32),
}

fn main() {}
