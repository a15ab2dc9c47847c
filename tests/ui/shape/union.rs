use safe_log::SafeLog;

#[derive(SafeLog)]
pub union Bits {
    pub int: u32,
    pub float: f32,
}

fn main() {}
