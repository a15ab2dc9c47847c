use safe_log::SafeLog;

#[derive(SafeLog)]
pub struct Diag {
    #[safe_log(rename = "conn id")]
    pub conn_id: u64,
    #[safe_log(rename = "state\n")]
    pub state: u8,
    #[safe_log(rename = "peer..ip")]
    pub peer_ip: String,
}

fn main() {}
