// A tuple is a list, logged when each of its items is one primitive; one
// that holds a record is one error, on the field's type.
use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Peer {
    pub port: u16,
}

#[derive(SafeLog)]
pub struct Window {
    pub size: (u32, Peer),
}

fn main() {}
