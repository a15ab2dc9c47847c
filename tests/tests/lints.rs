//! Expansions stay quiet under a user's strictest lints: this file denies
//! warnings, clippy's pedantic group and unsafe code, and CI runs clippy on it
//! with `-D warnings`.

#![forbid(unsafe_code)]
#![deny(warnings, missing_docs, unreachable_pub)]
#![deny(clippy::all, clippy::pedantic)]

use std::fmt;
use std::time::Duration;

use safe_log::SafeLog;

/// A state.
#[derive(SafeLog)]
pub enum State {
    /// Open.
    Open,
    /// Closing.
    ClosingHandshake,
}

/// A close.
#[derive(SafeLog)]
pub enum Close {
    /// Normal.
    Normal {
        /// Code.
        code: u16,
    },
    /// Timeout.
    Timeout(Duration),
    /// Nothing.
    Nothing,
}

/// A peer.
#[derive(SafeLog)]
pub struct Peer {
    /// Port.
    pub port: u16,
}

/// A newtype.
#[derive(SafeLog)]
pub struct Id(pub u64);

/// An empty record.
#[derive(SafeLog)]
pub struct Empty;

/// A version.
pub struct Version;

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v1")
    }
}

fn millis(d: &Duration) -> u128 {
    d.as_millis()
}

/// Every attribute at once.
#[derive(SafeLog)]
#[safe_log(rename_all = "camelCase")]
pub struct Diag<'a, T: Clone> {
    /// Id.
    pub conn_id: Id,
    /// State.
    pub state: State,
    /// Close.
    pub close: Option<Close>,
    /// Generic.
    pub value: T,
    /// Peer.
    #[safe_log(flatten)]
    pub peer: Peer,
    /// Token.
    #[safe_log(redact)]
    pub token: &'a str,
    /// Version.
    #[safe_log(display, rename = "ver")]
    pub version: Version,
    /// Elapsed.
    #[safe_log(with = millis)]
    pub elapsed: Duration,
    /// Reason.
    #[safe_log(max_len = 8)]
    pub reason: String,
    /// Cache.
    #[safe_log(skip)]
    pub cache: Vec<u8>,
    /// Empty.
    pub empty: Empty,
}

/// A record without attributes whose fields are records and primitives,
/// a record last.
#[derive(SafeLog)]
pub struct Plain {
    /// Peer.
    pub peer: Peer,
    /// Count.
    pub count: u32,
    /// State.
    pub state: State,
}

/// A record without attributes of one record.
#[derive(SafeLog)]
pub struct OnlyRecord {
    /// Peer.
    pub peer: Peer,
}

#[test]
fn lint_clean_plain_records_keep_their_layout() {
    let plain = Plain {
        peer: Peer { port: 7 },
        count: 3,
        state: State::Open,
    };
    assert_eq!(
        safe_log::Fields(&plain).to_vec(),
        [
            ("peer.port".to_owned(), safe_log::Primitive::U64(7)),
            ("count".to_owned(), safe_log::Primitive::U64(3)),
            ("state".to_owned(), safe_log::Primitive::from("open")),
        ]
    );
    let only = OnlyRecord {
        peer: Peer { port: 9 },
    };
    assert_eq!(
        safe_log::Fields(&only).to_vec(),
        [("peer.port".to_owned(), safe_log::Primitive::U64(9))]
    );
}

#[test]
fn lint_clean_expansions_still_log() {
    let diag = Diag {
        conn_id: Id(1),
        state: State::ClosingHandshake,
        close: Some(Close::Timeout(Duration::from_secs(1))),
        value: 1u8,
        peer: Peer { port: 1 },
        token: "t",
        version: Version,
        elapsed: Duration::from_millis(5),
        reason: "too long a reason".into(),
        cache: vec![],
        empty: Empty,
    };
    assert_eq!(
        safe_log::keys::<Diag<'_, u8>>(),
        [
            "connId",
            "state",
            "close",
            "close.code",
            "close.timeout",
            "value",
            "port",
            "token",
            "ver",
            "elapsed",
            "reason",
        ]
    );
    assert_eq!(safe_log::Fields(&diag).to_vec().len(), 10);
    let attempt = 2u32;
    safe_log::error!(diag = &diag, attempt, "failed after {} attempts", attempt);
    safe_log::warn!(target: "ws", ..diag.peer, code = 1011u16);
    safe_log::info!("no fields {attempt:>4}");
    safe_log::debug!(nested.key = "v");
    safe_log::trace!(diag.state);
    safe_log::safe_log!(safe_log::Level::INFO, attempt);
    assert!(diag.cache.is_empty());
    assert_eq!(diag.token, "t");
    assert!(matches!(diag.state, State::ClosingHandshake));
}
