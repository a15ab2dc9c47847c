// A newtype around a value that is not log-safe.
use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Headers(pub Vec<(String, String)>);

fn main() {}
