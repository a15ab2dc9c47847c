// The incident: a raw enum in a diagnostic record.
use safe_log::SafeLog;

pub enum WebSocketState {
    Connecting,
    Connected,
    Closing,
}

#[derive(SafeLog)]
pub struct Diag {
    pub conn_id: u64,
    pub state: WebSocketState,
    pub message_count: u32,
}

fn main() {}
