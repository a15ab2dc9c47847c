// A list of records has no log form: one error, on the value.
#[derive(safe_log::SafeLog)]
pub struct Peer {
    pub port: u16,
}

fn main() {
    let peers = vec![Peer { port: 1 }];
    safe_log::info!(peers = &peers, "connected");
}
