// The incident, in a log call: a raw enum as a value.
pub enum WebSocketState {
    Open,
    Closed,
}

fn main() {
    let state = WebSocketState::Open;
    let attempt = 2u32;
    safe_log::error!(attempt, state = &state, "websocket message processing failed");
    let _ = WebSocketState::Closed;
}
