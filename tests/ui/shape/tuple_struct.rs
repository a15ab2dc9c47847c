use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Size(pub u32, pub u32);

fn main() {}
