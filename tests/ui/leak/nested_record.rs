// The leak inside a nested record: the error points at the inner field, and
// the outer record that holds it adds no error of its own.
use safe_log::SafeLog;

pub enum WebSocketState {
    Open,
    Closed,
}

#[derive(SafeLog)]
pub struct Connection {
    pub id: u64,
    pub state: WebSocketState,
}

#[derive(SafeLog)]
pub struct Diag {
    pub connection: Connection,
    pub attempt: u32,
}

fn main() {}
