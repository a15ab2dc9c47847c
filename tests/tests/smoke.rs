use safe_log::{Fields, SafeLog};
#[derive(SafeLog)]
enum WebSocketState {
    Connecting,
    Connected,
    ClosingHandshake,
}
#[derive(SafeLog)]
struct Peer {
    ip: std::net::IpAddr,
    port: u16,
}
#[derive(SafeLog)]
enum Close {
    Normal,
    Error { code: u16, reason: String },
    Other(Peer),
}
#[derive(SafeLog)]
struct Diag<'a, T> {
    conn: u64,
    state: WebSocketState,
    peer: Peer,
    #[safe_log(redact)]
    tok: &'a str,
    close: Close,
    extra: T,
    #[safe_log(with = ms)]
    elapsed: std::time::Duration,
    #[safe_log(max_len = 3)]
    msg: String,
    #[safe_log(display)]
    d: std::net::Ipv4Addr,
}
fn ms(d: &std::time::Duration) -> u128 {
    d.as_millis()
}
#[test]
fn smoke() {
    let d = Diag {
        conn: 1,
        state: WebSocketState::ClosingHandshake,
        peer: Peer {
            ip: [1, 2, 3, 4].into(),
            port: 80,
        },
        tok: "x",
        close: Close::Error {
            code: 1011,
            reason: "bad".into(),
        },
        extra: 2.5f64,
        elapsed: std::time::Duration::from_millis(1500),
        msg: "héllo".into(),
        d: [9, 9, 9, 9].into(),
    };
    println!("{:?}", safe_log::keys::<Diag<f64>>());
    println!("{}", serde_json::to_string(&Fields(&d)).unwrap());
    println!("{:?}", Fields(&d));
}
