// The incident's record, with the state enum deriving `SafeLog`.
#![forbid(unsafe_code)]
#![deny(warnings)]

use std::net::SocketAddr;
use std::time::Duration;

use safe_log::{Fields, SafeLog};

#[derive(SafeLog)]
pub enum WebSocketState {
    Connecting,
    Connected,
    ClosingHandshake,
    Closed,
}

#[derive(SafeLog)]
pub struct Diag<'a> {
    pub conn_id: u64,
    pub user_id: Option<&'a str>,
    pub state: WebSocketState,
    pub close_code: Option<u16>,
    pub message_count: u64,
    pub elapsed: Duration,
    pub peer: SocketAddr,
    #[safe_log(redact)]
    pub auth_token: &'a str,
}

fn main() {
    let diag = Diag {
        conn_id: 1,
        user_id: None,
        state: WebSocketState::Connected,
        close_code: Some(1000),
        message_count: 2,
        elapsed: Duration::from_millis(3),
        peer: "127.0.0.1:1".parse().unwrap(),
        auth_token: "x",
    };
    assert_eq!(Fields(&diag).to_vec().len(), 7);
    let _ = (WebSocketState::Connecting, WebSocketState::ClosingHandshake, WebSocketState::Closed);
}
