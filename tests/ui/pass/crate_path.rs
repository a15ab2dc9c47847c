// `#[safe_log(crate = "...")]` finds the runtime crate where a user put it:
// here behind a re-export, as a crate that renames the dependency or wraps
// it in a facade would. `crate_path_unresolved.rs` shows the path is the one
// the expansion uses.
mod facade {
    pub use safe_log as log_safely;
}

#[derive(safe_log::SafeLog)]
#[safe_log(crate = "facade::log_safely")]
pub struct Diag {
    pub conn_id: u64,
    pub inner: Inner,
}

#[derive(safe_log::SafeLog)]
#[safe_log(crate = facade::log_safely)]
pub enum Inner {
    Open,
    Closed { code: u16 },
}

fn main() {
    let diag = Diag {
        conn_id: 7,
        inner: Inner::Closed { code: 1000 },
    };
    assert_eq!(
        safe_log::keys::<Diag>(),
        ["conn_id", "inner", "inner.code"]
    );
    assert_eq!(safe_log::Fields(&diag).to_vec().len(), 3);
}
