// The leak one level down, inside a `Box`.
use safe_log::SafeLog;

pub enum WebSocketState {
    Open,
    Closed,
}

#[derive(SafeLog)]
pub struct Diag {
    pub state: Box<WebSocketState>,
}

fn main() {}
