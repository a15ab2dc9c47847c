//! The incident, end to end: a WebSocket service whose message handler logs
//! a diagnostic record on its error path, through safe-log, as Cloud Logging
//! JSON lines; and a scripted client session against it over a real
//! WebSocket.
//!
//! `cargo run -p safe-log-demo` runs the session and prints what the server
//! logged; `cargo run -p safe-log-demo -- --serve 127.0.0.1:8080` keeps
//! serving for a client of your own.

pub mod server;

use std::fmt;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use safe_log::cloud::CloudLogging;
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tracing_subscriber::layer::SubscriberExt;

/// The credential the demo client sends; it must appear in no log line.
pub const DEMO_TOKEN: &str = "demo-secret-7f3a9c41e2b8";

/// The user the demo client says it is.
pub const DEMO_USER: &str = "u-1042";

/// The messages of the scripted session, in order: a normal one, one that
/// takes the error path (it is not valid JSON), another normal one.
pub const SCRIPT: [&str; 3] = [
    r#"{"op":"echo","text":"hello"}"#,
    r#"{"op":"echo","text":"#,
    r#"{"op":"echo","text":"still here"}"#,
];

/// What the client saw of the session.
#[derive(Clone, Debug, Default)]
pub struct Transcript {
    /// Each message sent, with the answer received.
    pub exchanges: Vec<(String, String)>,
    /// The close frame the server sent, if any: code and reason.
    pub server_close: Option<(u16, String)>,
}

/// What went wrong running the demo.
#[derive(Debug)]
pub enum DemoError {
    /// The socket, the runtime or the listener.
    Io(io::Error),
    /// The WebSocket protocol.
    WebSocket(tungstenite::Error),
    /// The server did not answer in time.
    Timeout,
    /// The server answered something else than a text message.
    Unexpected(String),
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DemoError::Io(e) => write!(f, "i/o: {e}"),
            DemoError::WebSocket(e) => write!(f, "websocket: {e}"),
            DemoError::Timeout => f.write_str("the server did not answer within 10 s"),
            DemoError::Unexpected(what) => write!(f, "unexpected from the server: {what}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<io::Error> for DemoError {
    fn from(e: io::Error) -> Self {
        DemoError::Io(e)
    }
}

impl From<tungstenite::Error> for DemoError {
    fn from(e: tungstenite::Error) -> Self {
        DemoError::WebSocket(e)
    }
}

/// Runs the scripted client session against the server at `addr`: connect
/// (with a bearer token), send [`SCRIPT`], read each answer, close with 1000
/// and read the server's close frame.
///
/// # Errors
///
/// When the connection fails, the server does not answer within 10 s, or
/// answers something else than text.
pub async fn run_session(addr: SocketAddr) -> Result<Transcript, DemoError> {
    tokio::time::timeout(Duration::from_secs(10), session(addr))
        .await
        .map_err(|_| DemoError::Timeout)?
}

async fn session(addr: SocketAddr) -> Result<Transcript, DemoError> {
    let url = format!("ws://{addr}{}?user={DEMO_USER}", server::WS_PATH);
    let mut request = url.into_client_request()?;
    let bearer = format!("Bearer {DEMO_TOKEN}")
        .parse()
        .map_err(|_| DemoError::Unexpected("an invalid header".to_owned()))?;
    request.headers_mut().insert("authorization", bearer);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;

    let mut transcript = Transcript::default();
    for text in SCRIPT {
        socket.send(Message::text(text)).await?;
        let answer = loop {
            match socket.next().await {
                Some(Ok(Message::Text(answer))) => break answer.to_string(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(other)) => return Err(DemoError::Unexpected(format!("{other:?}"))),
                Some(Err(e)) => return Err(e.into()),
                None => return Err(DemoError::Unexpected("the end of the stream".to_owned())),
            }
        };
        transcript.exchanges.push((text.to_owned(), answer));
    }

    socket
        .close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "done".into(),
        }))
        .await?;
    while let Some(message) = socket.next().await {
        match message {
            Ok(Message::Close(frame)) => {
                transcript.server_close = frame.map(|f| (u16::from(f.code), f.reason.to_string()));
            }
            Ok(_) => {}
            // The server closing the TCP stream after its close frame.
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => break,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(transcript)
}

/// An in-memory log sink shared between the server's logger and the demo.
#[derive(Clone, Debug, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// The lines written so far.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The result of one demo run.
#[derive(Debug)]
pub struct Outcome {
    /// Where the server listened.
    pub addr: SocketAddr,
    /// What the client saw.
    pub transcript: Transcript,
    /// The Cloud Logging lines the server wrote, in order.
    pub lines: Vec<String>,
    /// Lines the logger could not write.
    pub lost_lines: u64,
}

/// Starts the server on 127.0.0.1 with a free port, logging through the
/// Cloud Logging layer into memory, runs the scripted session, stops the
/// server and returns what both sides saw.
///
/// # Errors
///
/// As [`run_session`], and when the runtime or the listener cannot start.
pub fn run_demo() -> Result<Outcome, DemoError> {
    let captured = Captured::default();
    let layer = CloudLogging::builder().writer(captured.clone()).build();
    let lost = layer.lost_lines();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::INFO)
        .with(layer);
    // One thread runs the server and the client: the subscriber, set for
    // this thread, sees every event of the session.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (addr, transcript) = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?;
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let server = tokio::spawn(server::serve(listener, async {
                let _ = stopped.await;
            }));
            let transcript = run_session(addr).await;

            let _ = stop.send(());
            // The session closed its connection: the server stops at once.
            let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
            transcript.map(|t| (addr, t))
        })
    })?;
    Ok(Outcome {
        addr,
        transcript,
        lines: captured.lines(),
        lost_lines: lost.get(),
    })
}

/// Serves on `addr` until the process is stopped, logging to stdout with
/// `safe_log::init()` (`RUST_LOG` filters, default `info`).
///
/// # Errors
///
/// When the address cannot be bound, or a global subscriber is already set.
pub fn serve_forever(addr: SocketAddr) -> Result<(), Box<dyn std::error::Error>> {
    safe_log::init()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        // stdout carries the log lines; this goes to stderr.
        eprintln!("listening on ws://{local}{}", server::WS_PATH);
        server::serve(listener, std::future::pending()).await
    })?;
    Ok(())
}

/// One line of the demo's summary: what was checked, and whether it held.
#[derive(Clone, Debug)]
pub struct Check {
    /// What was checked, for a reader.
    pub what: String,
    /// Whether it held.
    pub ok: bool,
}

/// Checks an outcome the way a reader of the demo would: the error was
/// answered and the connection survived it, the close was not 1011, every
/// line is Cloud Logging JSON, the error was logged with its diagnostic
/// record, and the token was not.
#[must_use]
pub fn checks(outcome: &Outcome) -> Vec<Check> {
    let mut checks = Vec::new();
    let mut check = |what: String, ok: bool| checks.push(Check { what, ok });
    let exchanges = &outcome.transcript.exchanges;
    let answered = |i: usize, ok: bool| {
        exchanges.get(i).is_some_and(|(_, answer)| {
            serde_json::from_str::<serde_json::Value>(answer)
                .is_ok_and(|a| a["ok"] == serde_json::Value::Bool(ok))
        })
    };
    check("message 1 was answered".to_owned(), answered(0, true));
    check(
        "message 2 took the error path and was answered with the error".to_owned(),
        answered(1, false),
    );
    check(
        "message 3 was answered: the connection survived the error".to_owned(),
        answered(2, true),
    );
    let close = outcome
        .transcript
        .server_close
        .as_ref()
        .map(|(code, _)| *code);
    check(
        format!(
            "the server closed with {} (not 1011)",
            close.map_or_else(|| "no code".to_owned(), |c| c.to_string())
        ),
        close.is_some_and(|code| code != 1011),
    );
    let parsed: Vec<serde_json::Value> = outcome
        .lines
        .iter()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let cloud = |l: &serde_json::Value| {
        l["severity"].is_string()
            && l["message"].is_string()
            && l["time"].is_string()
            && l["logging.googleapis.com/sourceLocation"]["line"].is_string()
    };
    check(
        format!(
            "{} log lines, every one Cloud Logging JSON",
            outcome.lines.len()
        ),
        !parsed.is_empty() && parsed.len() == outcome.lines.len() && parsed.iter().all(cloud),
    );
    let error = parsed.iter().find(|l| l["severity"] == "ERROR");
    check(
        "the error path logged severity ERROR with diag.state = \"connected\"".to_owned(),
        error.is_some_and(|l| l["diag"]["state"] == "connected"),
    );
    check(
        "the auth token appears in no log line".to_owned(),
        outcome.lines.iter().all(|l| !l.contains(DEMO_TOKEN)),
    );
    check("no log line was lost".to_owned(), outcome.lost_lines == 0);
    checks
}
