//! Stand-ins for the types the call sites log, with the same traits as the
//! real ones.

use std::fmt;

/// hyper::Error: an error.
#[derive(Debug)]
pub struct HyperError;

impl fmt::Display for HyperError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection error")
    }
}

impl std::error::Error for HyperError {}

/// h2::Reason: Debug and Display, a foreign type with no log form.
#[derive(Debug, Clone, Copy)]
pub struct Reason(pub u32);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reason {}", self.0)
    }
}

/// hyper's decoder state: a private enum with Debug only.
#[derive(Debug)]
pub enum Kind {
    Length(u64),
    Chunked,
    Eof(bool),
}

/// hyper's connection state: a struct with Debug only.
#[derive(Debug)]
pub struct State {
    pub reading: Kind,
    pub keep_alive: bool,
}

/// tungstenite's OpCode.
#[derive(Debug, Clone, Copy)]
pub enum OpCode {
    Text,
    Binary,
    Close,
}

/// tungstenite's CloseFrame.
#[derive(Debug)]
pub struct CloseFrame {
    pub code: u16,
    pub reason: String,
}

/// A service's WebSocket state: the incident's enum.
#[derive(Debug, Clone, Copy)]
pub enum WebSocketState {
    Connecting,
    Open,
    Closing,
    Closed,
}

/// tower's BoxError.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
