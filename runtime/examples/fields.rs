//! Prints the keys and values a diagnostic record logs, as JSON.
//!
//! `cargo run -p safe-log --example fields`

use std::net::SocketAddr;
use std::time::Duration;

use safe_log::{Fields, SafeLog};

/// The connection state of the incident, made log-safe by the derive.
#[derive(SafeLog)]
enum WebSocketState {
    Connecting,
    Connected,
    ClosingHandshake,
    Closed,
}

#[derive(SafeLog)]
struct Route {
    path: &'static str,
    handler: &'static str,
}

#[derive(SafeLog)]
struct Peer {
    addr: SocketAddr,
    route: Route,
}

/// What the message handler logs on its error path.
#[derive(SafeLog)]
struct WsDiag<'a> {
    conn_id: u64,
    user_id: Option<&'a str>,
    state: WebSocketState,
    close_code: Option<u16>,
    message_count: u64,
    elapsed: Duration,
    peer: Peer,
    #[safe_log(max_len = 32)]
    error: String,
    #[safe_log(redact)]
    auth_token: &'a str,
}

fn main() {
    let diag = WsDiag {
        conn_id: 7,
        user_id: Some("u-1042"),
        state: WebSocketState::Connected,
        close_code: None,
        message_count: 12,
        elapsed: Duration::from_millis(8250),
        peer: Peer {
            addr: "203.0.113.9:50412".parse().expect("a valid address"),
            route: Route {
                path: "/ws/chat",
                handler: "chat_socket",
            },
        },
        error: "payload is not valid JSON: expected value at line 1 column 1".to_owned(),
        auth_token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    };

    println!("keys of WsDiag, fixed at compile time:");
    for key in safe_log::keys::<WsDiag<'_>>() {
        println!("  {key}");
    }
    println!();
    println!("the error-path record, as a sink receives it:");
    match serde_json::to_string_pretty(&Fields(&diag)) {
        Ok(json) => println!("{json}"),
        Err(error) => eprintln!("serialization failed: {error}"),
    }
    // Other states exist; the handler logs whichever the connection is in.
    let _ = [
        WebSocketState::Connecting,
        WebSocketState::ClosingHandshake,
        WebSocketState::Closed,
    ];
}
