use safe_log::SafeLog;

pub struct Peer {
    pub ip: String,
}

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(flatten)]
    pub peer: Peer,
}

fn main() {}
