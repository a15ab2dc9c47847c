// The demo's diagnostic record before the fix: its state is the incident's
// raw enum, which does not derive `SafeLog`. The service does not build.
use std::net::SocketAddr;
use std::time::Duration;

use safe_log::SafeLog;

#[derive(Clone, Copy, Debug)]
pub enum WebSocketState {
    Connecting,
    Connected,
    Closing,
    Closed,
}

#[derive(SafeLog, Clone, Copy)]
pub struct Route {
    pub path: &'static str,
    pub handler: &'static str,
}

#[derive(SafeLog, Clone, Copy)]
pub struct Peer {
    pub addr: SocketAddr,
    pub route: Route,
}

#[derive(SafeLog)]
pub struct WsDiag<'a> {
    pub conn_id: u64,
    pub user_id: Option<&'a str>,
    pub state: WebSocketState,
    pub close_code: Option<u16>,
    pub message_count: u64,
    pub elapsed: Duration,
    pub peer: Peer,
    #[safe_log(max_len = 160)]
    pub error: &'a str,
    #[safe_log(redact)]
    pub auth_token: &'a str,
}

fn main() {}
