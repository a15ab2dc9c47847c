//! The WebSocket service: a message handler with a main path and an error
//! path, both logging through safe-log.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use futures_util::SinkExt;
use safe_log::SafeLog;
use tokio::net::TcpListener;

/// The state of a connection: the incident's `WebSocketState`, made
/// log-safe by the derive. Logged as `"connecting"`, `"connected"`, ...
#[derive(SafeLog, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebSocketState {
    /// The handshake is under way.
    Connecting,
    /// Messages flow.
    Connected,
    /// A close frame was sent or received.
    Closing,
    /// The connection is over.
    Closed,
}

/// Where a connection was routed.
#[derive(SafeLog, Clone, Copy, Debug)]
pub struct Route {
    /// The path of the route.
    pub path: &'static str,
    /// The handler serving it.
    pub handler: &'static str,
}

/// The remote end of a connection.
#[derive(SafeLog, Clone, Copy, Debug)]
pub struct Peer {
    /// The peer's address.
    pub addr: SocketAddr,
    /// The route it connected to.
    pub route: Route,
}

/// What the message handler logs on its error path: the diagnostic record
/// of the incident, with the raw enum replaced by a log-safe one.
#[derive(SafeLog, Debug)]
pub struct WsDiag<'a> {
    /// The connection's id in this process.
    pub conn_id: u64,
    /// The user, when the client said who it is.
    pub user_id: Option<&'a str>,
    /// The connection's state.
    pub state: WebSocketState,
    /// The close code, once the connection is closing.
    pub close_code: Option<u16>,
    /// The messages received so far.
    pub message_count: u64,
    /// Time since the connection opened (seconds).
    pub elapsed: Duration,
    /// The remote end.
    pub peer: Peer,
    /// What went wrong, cut to a bounded length.
    #[safe_log(max_len = 160)]
    pub error: &'a str,
    /// The credential the client sent: never written, only its presence.
    #[safe_log(redact)]
    pub auth_token: &'a str,
}

/// The route of the WebSocket endpoint.
pub const WS_PATH: &str = "/ws";

/// Connection ids.
#[derive(Debug, Default)]
struct App {
    next_conn_id: AtomicU64,
}

/// A connection's state, as the handler tracks it.
struct Conn {
    id: u64,
    user_id: Option<String>,
    auth_token: String,
    state: WebSocketState,
    close_code: Option<u16>,
    message_count: u64,
    opened: Instant,
    peer: Peer,
}

impl Conn {
    fn diag<'a>(&'a self, error: &'a str) -> WsDiag<'a> {
        WsDiag {
            conn_id: self.id,
            user_id: self.user_id.as_deref(),
            state: self.state,
            close_code: self.close_code,
            message_count: self.message_count,
            elapsed: self.opened.elapsed(),
            peer: self.peer,
            error,
            auth_token: &self.auth_token,
        }
    }
}

/// The query string of a connection request.
#[derive(Debug, Default)]
struct Params {
    user: Option<String>,
}

impl Params {
    fn from_query(query: &std::collections::HashMap<String, String>) -> Self {
        Params {
            user: query.get("user").cloned(),
        }
    }
}

/// The service's routes.
pub fn router() -> Router {
    Router::new()
        .route(WS_PATH, get(upgrade))
        .with_state(Arc::new(App::default()))
}

/// Serves the routes on `listener` until `shutdown` resolves.
///
/// # Errors
///
/// When accepting connections fails.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router().into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn upgrade(
    ws: WebSocketUpgrade,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
    State(app): State<Arc<App>>,
) -> Response {
    let params = Params::from_query(&query);
    let auth_token = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim_start_matches("Bearer ").to_owned())
        .unwrap_or_default();
    let conn = Conn {
        id: app.next_conn_id.fetch_add(1, Ordering::Relaxed) + 1,
        user_id: params.user,
        auth_token,
        state: WebSocketState::Connecting,
        close_code: None,
        message_count: 0,
        opened: Instant::now(),
        peer: Peer {
            addr,
            route: Route {
                path: WS_PATH,
                handler: "chat_socket",
            },
        },
    };
    // The request line Cloud Logging shows (and filters on): `httpRequest`.
    let user_agent = headers
        .get("user-agent")
        .and_then(|value| value.to_str().ok());
    safe_log::info!(
        http = &safe_log::cloud::HttpRequest {
            method: "GET",
            url: WS_PATH,
            status: 101,
            latency: Duration::ZERO,
            user_agent,
            remote_ip: Some(addr.ip()),
            protocol: Some("HTTP/1.1"),
            ..Default::default()
        },
        conn.id,
        "websocket upgrade"
    );
    ws.on_upgrade(move |socket| handle(socket, conn))
}

/// What a client asks for: `{"op":"echo","text":"..."}`.
fn process(text: &str) -> Result<String, String> {
    let request: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("message is not valid JSON: {e}"))?;
    match request.get("op").and_then(serde_json::Value::as_str) {
        Some("echo") => {
            let text = request
                .get("text")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default();
            Ok(serde_json::json!({ "ok": true, "echo": text }).to_string())
        }
        Some(other) => Err(format!("unknown op {other:?}")),
        None => Err("message has no \"op\"".to_owned()),
    }
}

/// The message handler: the main path answers, the error path logs the
/// diagnostic record, answers with the error and keeps the connection open.
async fn handle(mut socket: WebSocket, mut conn: Conn) {
    conn.state = WebSocketState::Connected;
    safe_log::info!(
        conn_id = conn.id,
        user_id = conn.user_id.as_deref(),
        peer = &conn.peer,
        "websocket connected"
    );
    while let Some(received) = socket.recv().await {
        let message = match received {
            Ok(message) => message,
            Err(error) => {
                let error = error.to_string();
                safe_log::warn!(diag = &conn.diag(&error), "websocket receive failed");
                break;
            }
        };
        match message {
            Message::Text(text) => {
                conn.message_count += 1;
                let reply = match process(text.as_str()) {
                    // The main path.
                    Ok(reply) => {
                        safe_log::info!(
                            conn_id = conn.id,
                            message_count = conn.message_count,
                            "websocket message handled"
                        );
                        reply
                    }
                    // The error path: the one the incident broke.
                    Err(error) => {
                        safe_log::error!(
                            diag = &conn.diag(&error),
                            "websocket message processing failed"
                        );
                        serde_json::json!({ "ok": false, "error": error }).to_string()
                    }
                };
                if socket.send(Message::Text(reply.into())).await.is_err() {
                    break;
                }
            }
            Message::Close(frame) => {
                conn.state = WebSocketState::Closing;
                conn.close_code = frame.as_ref().map(|f| f.code);
                safe_log::info!(
                    conn_id = conn.id,
                    close_code = conn.close_code,
                    message_count = conn.message_count,
                    "websocket closing"
                );
                // The reply to a close frame is queued on receipt: flushing
                // sends it, completing the closing handshake.
                let _ = socket.flush().await;
                break;
            }
            Message::Binary(_) | Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    conn.state = WebSocketState::Closed;
    safe_log::info!(
        conn_id = conn.id,
        state = conn.state,
        elapsed = conn.opened.elapsed(),
        "websocket closed"
    );
}

#[cfg(test)]
mod tests {
    use super::process;

    #[test]
    fn requests_are_answered_or_rejected() {
        assert_eq!(
            process(r#"{"op":"echo","text":"hi"}"#).unwrap(),
            r#"{"echo":"hi","ok":true}"#
        );
        assert!(
            process("{\"op\":")
                .unwrap_err()
                .starts_with("message is not valid JSON")
        );
        assert_eq!(process(r#"{"op":"x"}"#).unwrap_err(), "unknown op \"x\"");
        assert_eq!(process("{}").unwrap_err(), "message has no \"op\"");
    }
}
