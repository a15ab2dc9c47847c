use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Peer {
    pub ip: String,
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(flatten, rename = "remote")]
    pub peer: Peer,
}

fn main() {}
