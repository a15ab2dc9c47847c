// serde's `with = "module"` habit: safe-log takes a real path.
use safe_log::SafeLog;

fn millis(d: &std::time::Duration) -> u128 {
    d.as_millis()
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(with = "millis")]
    pub elapsed: std::time::Duration,
}

fn main() {}
