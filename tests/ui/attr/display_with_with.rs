use safe_log::SafeLog;

fn code(c: &u16) -> u16 {
    *c
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(display, with = code)]
    pub close_code: u16,
}

fn main() {}
