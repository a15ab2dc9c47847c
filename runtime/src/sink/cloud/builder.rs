//! The options of a [`CloudLogging`] layer.

use core::fmt;
use std::io::{self, Write};
use std::sync::Mutex;

use super::escape::MIN_STRING;
use super::{CloudLogging, LostLines};

/// The default [`Builder::max_line`]: under Cloud Logging's 256 KB limit on
/// an entry, with room for the agent's own metadata.
pub const DEFAULT_MAX_LINE: usize = 250_000;

/// The default [`Builder::max_string`].
pub const DEFAULT_MAX_STRING: usize = 16 * 1024;

/// The smallest [`Builder::max_line`]: the header of a line (without its
/// message) fits in it with room to spare.
pub const MIN_MAX_LINE: usize = 8 * 1024;

/// Room in a line for the header without its message.
const HEADER_ROOM: usize = 4 * 1024;

/// Room in an ERROR line for the Error Reporting members: four strings of at
/// most `MAX_HEADER_STRING` bytes and their keys.
pub(super) const REPORT_ROOM: usize = 4 * super::MAX_HEADER_STRING + 384;

/// Configures a [`CloudLogging`] layer.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent options, each set by its own builder method"
)]
pub struct Builder {
    writer: Box<dyn Write + Send>,
    project_id: Option<String>,
    trace_id_field: &'static str,
    span_id_field: &'static str,
    nested: bool,
    max_line: usize,
    max_string: usize,
    error_reporting: bool,
    service: Option<String>,
    version: Option<String>,
    hide_debug: bool,
    log_records: bool,
    close_lines: bool,
    labels: Vec<(String, String)>,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("project_id", &self.project_id)
            .field("trace_id_field", &self.trace_id_field)
            .field("span_id_field", &self.span_id_field)
            .field("nested", &self.nested)
            .field("max_line", &self.max_line)
            .field("max_string", &self.max_string)
            .field("error_reporting", &self.error_reporting)
            .field("service", &self.service)
            .field("version", &self.version)
            .field("hide_debug", &self.hide_debug)
            .field("log_records", &self.log_records)
            .field("close_lines", &self.close_lines)
            .field("labels", &self.labels)
            .finish_non_exhaustive()
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            writer: Box::new(io::stdout()),
            project_id: std::env::var("GOOGLE_CLOUD_PROJECT")
                .ok()
                .filter(|p| !p.is_empty()),
            trace_id_field: "trace_id",
            span_id_field: "span_id",
            nested: true,
            max_line: DEFAULT_MAX_LINE,
            max_string: DEFAULT_MAX_STRING,
            error_reporting: true,
            service: env("K_SERVICE"),
            version: env("K_REVISION"),
            hide_debug: false,
            log_records: true,
            close_lines: false,
            labels: Vec::new(),
        }
    }
}

impl Builder {
    /// Writes lines to `writer` instead of stdout.
    #[must_use]
    pub fn writer(mut self, writer: impl Write + Send + 'static) -> Self {
        self.writer = Box::new(writer);
        self
    }

    /// The Google Cloud project of trace ids (default: the
    /// `GOOGLE_CLOUD_PROJECT` environment variable, if set).
    #[must_use]
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into()).filter(|p| !p.is_empty());
        self
    }

    /// The span field holding a trace id (default `trace_id`).
    #[must_use]
    pub fn trace_id_field(mut self, name: &'static str) -> Self {
        self.trace_id_field = name;
        self
    }

    /// The span field holding a span id (default `span_id`).
    #[must_use]
    pub fn span_id_field(mut self, name: &'static str) -> Self {
        self.span_id_field = name;
        self
    }

    /// Writes dotted keys as they are (`"diag.state":..`) instead of as
    /// nested objects.
    #[must_use]
    pub fn flat(mut self) -> Self {
        self.nested = false;
        self
    }

    /// The largest line, in bytes, newline included (at least
    /// [`MIN_MAX_LINE`]).
    #[must_use]
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.max_line = bytes.max(MIN_MAX_LINE);
        self
    }

    /// The largest string value, in bytes as written (quotes and escapes
    /// included).
    #[must_use]
    pub fn max_string(mut self, bytes: usize) -> Self {
        self.max_string = bytes.max(MIN_STRING);
        self
    }

    /// Whether an ERROR event that carries an error is written as a Cloud
    /// Error Reporting event (default: yes): the line then also has
    /// `"@type": "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent"`,
    /// `context.reportLocation` (the call's file, line and module path) and
    /// `serviceContext` (see [`Builder::service_context`]), so that Error
    /// Reporting groups it from the log line alone.
    #[must_use]
    pub fn error_reporting(mut self, on: bool) -> Self {
        self.error_reporting = on;
        self
    }

    /// The `serviceContext` of Error Reporting events (default: the
    /// `K_SERVICE` and `K_REVISION` environment variables Cloud Run sets).
    /// Without a service, the line has no `serviceContext`.
    #[must_use]
    pub fn service_context(mut self, service: impl Into<String>, version: Option<String>) -> Self {
        self.service = Some(service.into()).filter(|s| !s.is_empty());
        self.version = version.filter(|v| !v.is_empty());
        self
    }

    /// Writes the values that code not using safe-log recorded with `Debug`
    /// (a dependency's `?x`, an argument of tracing's `#[instrument]`) as
    /// [`DEBUG_HIDDEN`](super::DEBUG_HIDDEN): the key is kept, the text is
    /// not, and [`CloudLogging::hidden_debug_values`] counts them. For
    /// services that want no `Debug` text in their logs at all. Default: such
    /// values are written as their `Debug` text. Messages are not affected.
    #[must_use]
    pub fn hide_debug_values(mut self) -> Self {
        self.hide_debug = true;
        self
    }

    /// Whether [`init_with`](super::init_with) routes the records of the
    /// `log` crate into the subscriber it installs (default: yes), as
    /// tracing-subscriber's `init()` does. Turn it off to keep a `log`
    /// logger of your own; `log` records then never reach this layer.
    #[must_use]
    pub fn log_records(mut self, on: bool) -> Self {
        self.log_records = on;
        self
    }

    /// Writes one line when a span closes (default: none): at the span's
    /// level, its message `"NAME closed"`, the closed span as the innermost
    /// entry of `spans` with its fields, and `elapsed` and `busy` in seconds
    /// (from creation to close; while entered). The line that says how long
    /// a request took.
    #[must_use]
    pub fn span_close_lines(mut self) -> Self {
        self.close_lines = true;
        self
    }

    /// A label on every line (`logging.googleapis.com/labels`, what
    /// log-based metrics and log routing select on): `label("env", "prod")`.
    /// An event adds its own with keys under `labels.` (`labels.tenant =
    /// "acme"`). At most 64 labels a line; a key is cut at 512 bytes and a
    /// value at 64 KiB, as Cloud Logging would; a key given twice keeps the
    /// last value.
    #[must_use]
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.labels.retain(|(k, _)| *k != key);
        if self.labels.len() < super::json::MAX_LABELS {
            self.labels.push((key, value.into()));
        }
        self
    }

    /// The layer.
    #[must_use]
    pub fn build(self) -> CloudLogging {
        let max_message = self.max_string.min(self.max_line - HEADER_ROOM);
        CloudLogging {
            writer: Mutex::new(self.writer),
            lost: LostLines::default(),
            project_id: self.project_id,
            trace_id_field: self.trace_id_field,
            span_id_field: self.span_id_field,
            nested: self.nested,
            max_line: self.max_line,
            max_string: self.max_string.min(max_message),
            max_message,
            max_error_message: max_message.min(self.max_line - HEADER_ROOM - REPORT_ROOM),
            error_reporting: self.error_reporting,
            service: self.service,
            version: self.version,
            hide_debug: self.hide_debug,
            hidden_debug: super::HiddenDebug::default(),
            log_records: self.log_records,
            close_lines: self.close_lines,
            labels: render_labels(&self.labels),
            label_count: self.labels.len(),
        }
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The layer's labels as `"key":"value"` members, escaped and cut.
fn render_labels(labels: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (key, value) in labels {
        if !out.is_empty() {
            out.push(b',');
        }
        super::escape::push_str(&mut out, key, super::json::MAX_LABEL_KEY);
        out.push(b':');
        super::escape::push_str(&mut out, value, super::json::MAX_LABEL_VALUE);
    }
    out
}
