// The leak one level down, inside an `Option`.
use safe_log::SafeLog;

pub enum WebSocketState {
    Open,
    Closed,
}

#[derive(SafeLog)]
pub struct Diag {
    pub conn_id: u64,
    pub state: Option<WebSocketState>,
}

fn main() {}
