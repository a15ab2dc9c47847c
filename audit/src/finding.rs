//! What the audit reports.

use std::path::PathBuf;

use crate::rules::Rule;
use crate::source::Position;

/// One place in the source that a rule flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that flags it.
    pub rule: Rule,
    /// The file, relative to the current directory when it is inside it.
    pub path: PathBuf,
    /// Where the flagged code starts.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
    /// What is wrong, naming the code: "`?state` formats `state` with Debug
    /// when the event is emitted".
    pub message: String,
    /// What to do, with the replacement when there is one.
    pub help: String,
    /// The code to write instead, when there is one: `state = state`.
    pub replacement: Option<String>,
    /// The text of the line the finding starts on.
    pub line_text: String,
    /// The reason given by the `// safe-log: allow(...)` comment that silences
    /// this finding, if one does.
    pub suppressed: Option<String>,
}

/// A finding before it knows its file and its suppression.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub(crate) rule: Rule,
    pub(crate) start: Position,
    pub(crate) end: Position,
    /// The first line of the statement or item the finding belongs to: an
    /// allow comment on the line before it counts too.
    pub(crate) anchor: usize,
    pub(crate) message: String,
    pub(crate) help: String,
    pub(crate) replacement: Option<String>,
}
