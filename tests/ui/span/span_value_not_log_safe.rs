pub enum WebSocketState {
    Open,
}

fn main() {
    let state = WebSocketState::Open;
    let _span = safe_log::info_span!("connection", state = &state);
}
