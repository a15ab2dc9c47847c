use safe_log::SafeLog;

pub struct Opaque;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(display)]
    pub opaque: Opaque,
}

fn main() {}
