// The expansion names the runtime crate by the `crate = "..."` path: a path
// that does not resolve is one error, on the path.
#[derive(safe_log::SafeLog)]
#[safe_log(crate = "not_safe_log")]
pub struct Diag {
    pub conn_id: u64,
}

fn main() {}
