//! The migration's report: what changed (human, JSON or a unified diff),
//! what was left for a person, and a summary.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileMigration, Migration};

/// How to print a migration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MigrateOutput {
    /// Each change as its lines before and after, then what was left and a
    /// summary.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// A unified diff on `out` (for `git apply` or a review), the rest on
    /// `err`.
    Diff,
}

/// Lines of context around a hunk of the diff.
const CONTEXT: usize = 3;

/// Writes `migration` as `output` asks.
///
/// # Errors
///
/// When `out` or `err` fails.
pub fn write_migration(
    migration: &Migration,
    output: MigrateOutput,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match output {
        MigrateOutput::Human => {
            for file in &migration.files {
                for change in &file.changes {
                    writeln!(out, "{}:{}", file.path.display(), change.line)?;
                    for line in &change.before {
                        writeln!(out, "  - {line}")?;
                    }
                    for line in &change.after {
                        writeln!(out, "  + {line}")?;
                    }
                }
            }
            if !migration.files.is_empty() {
                writeln!(out)?;
            }
            write_left(migration, out)
        }
        MigrateOutput::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_migration(migration))?;
            writeln!(out)
        }
        MigrateOutput::Diff => {
            for file in &migration.files {
                out.write_all(diff(file).as_bytes())?;
            }
            write_left(migration, err)
        }
    }
}

fn write_left(migration: &Migration, out: &mut dyn Write) -> io::Result<()> {
    if !migration.left.is_empty() {
        writeln!(out, "left for a person:")?;
        for left in &migration.left {
            writeln!(
                out,
                "{}:{}:{}: {}",
                left.path.display(),
                left.start.line,
                left.start.column,
                left.reason
            )?;
            if !left.line_text.is_empty() {
                writeln!(out, "    {}", left.line_text.trim())?;
            }
        }
        writeln!(out)?;
    }
    for fix in &migration.fixes {
        writeln!(out, "fixed: {fix}")?;
    }
    for note in &migration.notes {
        writeln!(out, "note: {note}")?;
    }
    writeln!(out, "{}", summary(migration))
}

fn summary(migration: &Migration) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        "safe-log migrate: {} in {} of {}",
        plural(migration.changes(), "change", "changes"),
        migration.files.len(),
        plural(migration.scanned, "file", "files"),
    );
    let left = migration.left.len() - migration.skipped_files();
    let _ = write!(
        text,
        ", {} left for a person",
        plural(left, "place", "places")
    );
    let skipped = migration.skipped_files();
    if skipped > 0 {
        let _ = write!(
            text,
            ", {} not changed (see above)",
            plural(skipped, "file", "files")
        );
    }
    if migration.files.is_empty() {
        text.push('.');
    } else if migration.written {
        text.push_str(
            ".\nnext: build, fix what the compiler points at (a value without a log form), \
             then run `cargo safe-log audit --deny` in CI",
        );
    } else {
        text.push_str("; nothing was written (run without --dry-run or --diff to write).");
    }
    text
}

fn json_migration(migration: &Migration) -> Value {
    let files: Vec<Value> = migration
        .files
        .iter()
        .map(|file| {
            let changes: Vec<Value> = file
                .changes
                .iter()
                .map(|change| {
                    json!({
                        "line": change.line,
                        "before": change.before.join("\n"),
                        "after": change.after.join("\n"),
                    })
                })
                .collect();
            json!({ "path": file.path.to_string_lossy(), "changes": changes })
        })
        .collect();
    let left: Vec<Value> = migration
        .left
        .iter()
        .map(|left| {
            json!({
                "path": left.path.to_string_lossy(),
                "line": left.start.line,
                "column": left.start.column,
                "code": left.line_text.trim(),
                "reason": left.reason,
                "file_skipped": left.file_skipped,
            })
        })
        .collect();
    json!({
        "written": migration.written,
        "files": files,
        "left": left,
        "notes": migration.notes,
        "fixes": migration.fixes,
        "summary": {
            "files_scanned": migration.scanned,
            "files_changed": migration.files.len(),
            "changes": migration.changes(),
            "left": migration.left.len() - migration.skipped_files(),
            "files_skipped": migration.skipped_files(),
        },
    })
}

/// A unified diff of one file, with [`CONTEXT`] lines around each hunk.
fn diff(file: &FileMigration) -> String {
    let old: Vec<&str> = file.before.split_inclusive('\n').collect();
    let path = file.path.to_string_lossy().replace('\\', "/");
    let mut text = format!("--- a/{path}\n+++ b/{path}\n");
    // Hunks: runs of changes whose contexts touch.
    let mut groups: Vec<Vec<&super::Change>> = Vec::new();
    for change in &file.changes {
        let starts_new = groups
            .last()
            .and_then(|group| group.last())
            .is_none_or(|last| change.line > last.line + last.before.len() + 2 * CONTEXT);
        if starts_new {
            groups.push(vec![change]);
        } else if let Some(group) = groups.last_mut() {
            group.push(change);
        }
    }
    // The lines the hunks before this one added and removed.
    let (mut added, mut removed) = (0, 0);
    for group in groups {
        let first = group[0].line - 1;
        let last_change = group[group.len() - 1];
        let end = last_change.line - 1 + last_change.before.len();
        let start = first.saturating_sub(CONTEXT);
        let stop = (end + CONTEXT).min(old.len());
        let mut body = String::new();
        let (mut old_len, mut new_len) = (0, 0);
        let mut at = start;
        for change in &group {
            for line in &old[at..change.line - 1] {
                body.push(' ');
                push_line(&mut body, line);
                old_len += 1;
                new_len += 1;
            }
            let next = change.line - 1 + change.before.len();
            for line in &old[change.line - 1..next] {
                body.push('-');
                push_line(&mut body, line);
                old_len += 1;
            }
            for line in &change.after {
                body.push('+');
                body.push_str(line);
                body.push('\n');
                new_len += 1;
            }
            if next == old.len() && !change.after.is_empty() && !file.after.ends_with('\n') {
                body.push_str("\\ No newline at end of file\n");
            }
            at = next;
        }
        for line in &old[at..stop] {
            body.push(' ');
            push_line(&mut body, line);
            old_len += 1;
            new_len += 1;
        }
        let new_start = (start + added).saturating_sub(removed);
        let _ = writeln!(
            text,
            "@@ -{},{old_len} +{},{new_len} @@",
            start + usize::from(old_len > 0),
            new_start + usize::from(new_len > 0),
        );
        text.push_str(&body);
        added += new_len;
        removed += old_len;
    }
    text
}

/// A line of the old text, which may lack its final newline.
fn push_line(body: &mut String, line: &str) {
    let trimmed = line.strip_suffix('\n').unwrap_or(line);
    body.push_str(trimmed.strip_suffix('\r').unwrap_or(trimmed));
    body.push('\n');
    if !line.ends_with('\n') {
        body.push_str("\\ No newline at end of file\n");
    }
}
