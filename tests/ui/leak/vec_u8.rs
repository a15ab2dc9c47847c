use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Frame {
    pub opcode: u8,
    pub payload: Vec<u8>,
}

fn main() {}
