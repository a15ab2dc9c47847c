//! The report in four formats: rustc-like text, JSON, SARIF 2.1.0 and GitHub
//! workflow commands; and the clippy preset.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::{Finding, Report, Rule};

/// How to print a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// Like rustc: `path:line:col`, the line, a caret, a help line.
    #[default]
    Human,
    /// One JSON document with every finding.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=...::...`), which
    /// annotate the lines of a pull request.
    Github,
}

impl OutputFormat {
    /// The format named `name` (`human`, `json`, `sarif`, `github`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        match name {
            "human" => Some(OutputFormat::Human),
            "json" => Some(OutputFormat::Json),
            "sarif" => Some(OutputFormat::Sarif),
            "github" => Some(OutputFormat::Github),
            _ => None,
        }
    }
}

const TOOL: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// Writes `report` in `format`. With `deny`, findings are errors, otherwise
/// warnings. Findings silenced by an allow comment are left out of the human
/// and GitHub formats (they are counted) and marked as suppressed in JSON and
/// SARIF.
///
/// # Errors
///
/// When `out` fails.
pub fn write_report(
    report: &Report,
    format: OutputFormat,
    deny: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let level = if deny { "error" } else { "warning" };
    match format {
        OutputFormat::Human => human(report, level, out),
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_report(report, level))?;
            writeln!(out)
        }
        OutputFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(report, level)?)?;
            writeln!(out)
        }
        OutputFormat::Github => github(report, level, out),
    }
}

fn human(report: &Report, level: &str, out: &mut dyn Write) -> io::Result<()> {
    for note in &report.notes {
        writeln!(out, "note: {note}")?;
    }
    for finding in report.active() {
        let line = finding.start.line.to_string();
        let pad = " ".repeat(line.len());
        writeln!(out, "{level}[{}]: {}", finding.rule, finding.message)?;
        writeln!(
            out,
            "{pad}--> {}:{}:{}",
            finding.path.display(),
            finding.start.line,
            finding.start.column
        )?;
        if !finding.line_text.is_empty() {
            writeln!(out, "{pad} |")?;
            writeln!(out, "{line} | {}", finding.line_text)?;
            writeln!(out, "{pad} | {}", caret(finding))?;
            writeln!(out, "{pad} |")?;
        }
        writeln!(out, "{pad} = help: {}", finding.help)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(report))
}

/// Spaces (tabs kept, so that the caret lines up) then `^` under the finding.
fn caret(finding: &Finding) -> String {
    let before: String = finding
        .line_text
        .chars()
        .take(finding.start.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let line_len = finding.line_text.chars().count() + 1;
    let end = if finding.end.line == finding.start.line {
        finding.end.column
    } else {
        line_len
    };
    let width = end.saturating_sub(finding.start.column).max(1);
    format!("{before}{}", "^".repeat(width))
}

fn summary(report: &Report) -> String {
    let mut by_rule: BTreeMap<Rule, usize> = BTreeMap::new();
    for finding in report.active() {
        *by_rule.entry(finding.rule).or_default() += 1;
    }
    let active: usize = by_rule.values().sum();
    let mut text = String::from("safe-log audit: ");
    if active == 0 {
        text.push_str("no findings");
    } else {
        let rules: Vec<String> = by_rule
            .iter()
            .map(|(rule, n)| format!("{rule}: {n}"))
            .collect();
        let _ = write!(
            text,
            "{active} finding{} ({})",
            if active == 1 { "" } else { "s" },
            rules.join(", ")
        );
    }
    let suppressed = report.suppressed();
    if suppressed > 0 {
        let _ = write!(text, ", {suppressed} allowed by comments");
    }
    let _ = write!(
        text,
        " in {} file{}, {} lines, {:.2} s",
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.lines,
        report.elapsed.as_secs_f64()
    );
    text
}

fn json_report(report: &Report, level: &str) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            json!({
                "rule": finding.rule.id(),
                "level": if finding.suppressed.is_some() { "note" } else { level },
                "path": slashes(&finding.path),
                "line": finding.start.line,
                "column": finding.start.column,
                "end_line": finding.end.line,
                "end_column": finding.end.column,
                "message": finding.message,
                "help": finding.help,
                "replacement": finding.replacement,
                "line_text": finding.line_text,
                "suppressed": finding.suppressed,
            })
        })
        .collect();
    json!({
        "tool": TOOL,
        "version": VERSION,
        "files": report.files,
        "lines": report.lines,
        "active": report.active().count(),
        "suppressed": report.suppressed(),
        "notes": report.notes,
        "findings": findings,
    })
}

fn sarif(report: &Report, level: &str) -> io::Result<Value> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.explanation() },
                "help": { "text": rule.explanation() },
                "defaultConfiguration": { "level": "warning" },
                "properties": { "tags": ["logging", "safe-log"] },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let index = Rule::ALL
                .iter()
                .position(|rule| *rule == finding.rule)
                .unwrap_or(0);
            let mut location = json!({ "uri": uri(&finding.path) });
            if finding.path.is_relative() {
                location["uriBaseId"] = json!("%SRCROOT%");
            }
            let mut result = json!({
                "ruleId": finding.rule.id(),
                "ruleIndex": index,
                "level": level,
                "message": { "text": format!("{}\nhelp: {}", finding.message, finding.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": finding.start.line,
                            "startColumn": finding.start.column,
                            "endLine": finding.end.line,
                            "endColumn": finding.end.column.max(finding.start.column + 1),
                            "snippet": { "text": finding.line_text },
                        },
                    },
                }],
                "partialFingerprints": { "safeLogFinding/v1": fingerprint(finding) },
            });
            if let Some(reason) = &finding.suppressed {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            result
        })
        .collect();
    let root = std::env::current_dir()?;
    let mut root_uri = uri(&root);
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    Ok(json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL,
                    "version": VERSION,
                    "semanticVersion": VERSION,
                    "informationUri": HOME,
                    "rules": rules,
                },
            },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }))
}

fn github(report: &Report, level: &str, out: &mut dyn Write) -> io::Result<()> {
    for finding in report.active() {
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&slashes(&finding.path)),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            property(&format!("safe-log {}", finding.rule)),
            data(&format!("{}\nhelp: {}", finding.message, finding.help)),
        )?;
    }
    writeln!(out, "{}", summary(report))
}

/// Escapes the message of a workflow command.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A relative or `file://` URI for a path, percent-encoded.
fn uri(path: &Path) -> String {
    let text = slashes(path);
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else if byte == b':' && path.is_absolute() {
            out.push(':');
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A stable id for a finding across runs: the rule, the file, the line's
/// text (not its number, which moves when code above it changes) and the
/// message.
fn fingerprint(finding: &Finding) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        finding.rule.id(),
        &slashes(&finding.path),
        finding.line_text.trim(),
        &finding.message,
    ];
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A `clippy.toml` fragment: clippy's `disallowed_macros` lint on every
/// tracing and log event macro, pointing at `safe_log`'s.
#[must_use]
pub fn clippy_preset() -> String {
    let mut out = String::from(
        "# clippy.toml: clippy's `disallowed_macros` lint on tracing's and log's event macros.\n\
         # Generated by `cargo safe-log clippy-preset`. `allow-invalid = true` keeps clippy quiet\n\
         # in a crate that does not depend on tracing or on log.\n\
         disallowed-macros = [\n",
    );
    for krate in ["tracing", "log"] {
        let general = if krate == "tracing" { "event" } else { "log" };
        for name in ["error", "warn", "info", "debug", "trace", general] {
            let instead = if name == general {
                "safe_log::safe_log"
            } else {
                &format!("safe_log::{name}")
            };
            let _ = writeln!(
                out,
                "    {{ path = \"{krate}::{name}\", reason = \"use `{instead}!`: the same syntax, every value checked at compile time\", allow-invalid = true }},"
            );
        }
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{data, property, uri};
    use std::path::Path;

    #[test]
    fn escapes() {
        assert_eq!(data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(uri(Path::new("src/my file#1.rs")), "src/my%20file%231.rs");
        assert_eq!(uri(Path::new("/w/é.rs")), "file:///w/%C3%A9.rs");
    }
}
