// A foreign std type with no log form.
use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Upload {
    pub name: String,
    pub file: std::fs::File,
}

fn main() {}
