// A leak in a variant of a data enum.
use safe_log::SafeLog;

pub struct Frame {
    pub bytes: Vec<u8>,
}

#[derive(SafeLog)]
pub enum Event {
    Opened,
    Received { len: usize, frame: Frame },
    Closed(u16),
}

fn main() {}
