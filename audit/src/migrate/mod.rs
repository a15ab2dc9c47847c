//! `cargo safe-log migrate`: rewrites a workspace's tracing and log calls
//! as `safe_log` calls, editing only the tokens that change.
//!
//! The calls are found as the audit finds them (every import form, the
//! package's own forwarding macros, calls inside other macros). In each:
//!
//! - the macro's path: `tracing::info!` and `log::info!` become
//!   `safe_log::info!`, `event!` and `log!` become `safe_log::safe_log!`
//!   (log's `Level::Info` becomes `safe_log::Level::INFO`); a name imported
//!   by a `use` keeps its name and the `use` is rewritten; a macro of the
//!   package that forwards to tracing keeps its name and its definition is
//!   rewritten;
//! - `?x` and `%x` lose their sigil, `field::debug(x)` and
//!   `field::display(x)` become `x`, log's `k:? = v`, `k:% = v`, `k:err = v`
//!   become `k = v`, log's `;` before the message becomes `,`;
//! - the message's `{:?}`, `{x:?}`, `{:#?}` become `{}`, `{x}`, `{}`;
//! - `#[tracing::instrument]` becomes `#[safe_log::instrument]`, its
//!   `err(Debug)` and `ret(Debug)` become `err` and `ret`.
//!
//! Whether each value has a log form is then the compiler's to say. What
//! the migration cannot rewrite (log's `logger:`, `field::Empty`, `{:x}`)
//! is reported and left as written. A file that does not parse is not
//! changed, nor is one whose rewrite would not parse.

use std::path::{Path, PathBuf};
use std::{fs, panic};

use crate::imports::{CrateNames, Imports};
use crate::source::{Position, Source};
use crate::{Error, Loaded, parallel, scan};

mod apply;
mod fix;
mod format;
mod manifest;
pub(crate) mod report;
mod unused;
mod uses;

pub use report::write_migration;

/// What to migrate and how.
#[derive(Clone, Debug, Default)]
pub struct MigrateOptions {
    /// The workspace, as for [`audit`](crate::audit()).
    pub path: PathBuf,
    /// Write the rewritten files; without it nothing is changed on disk.
    pub write: bool,
    /// Worker threads; 0 uses the available parallelism.
    pub jobs: usize,
    /// After writing, build and apply the fixes the compiler's errors make
    /// certain (`--fix`).
    pub fix: bool,
}

/// The result of a migration.
#[derive(Clone, Debug, Default)]
pub struct Migration {
    /// The files with changes, sorted by path.
    pub files: Vec<FileMigration>,
    /// What was left for a person, sorted by path and position.
    pub left: Vec<Leftover>,
    /// The number of files read: `.rs` files, and the manifests edited.
    pub scanned: usize,
    /// Remarks: a package that does not depend on safe-log yet, ...
    pub notes: Vec<String>,
    /// What `--fix` changed after the build, each with its reason.
    pub fixes: Vec<String>,
    /// Whether the files were written.
    pub written: bool,
}

impl Migration {
    /// The number of files that could not be read, parsed or rewritten: they
    /// were not changed.
    #[must_use]
    pub fn skipped_files(&self) -> usize {
        self.left.iter().filter(|left| left.file_skipped).count()
    }

    /// The number of rewritten places (calls, attributes, imports).
    #[must_use]
    pub fn changes(&self) -> usize {
        self.files.iter().map(|file| file.changes.len()).sum()
    }
}

/// One file's rewrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMigration {
    /// The file, relative to the current directory when it is inside it.
    pub path: PathBuf,
    /// The changed lines, in order.
    pub changes: Vec<Change>,
    /// The text before.
    pub before: String,
    /// The text after.
    pub after: String,
}

/// A run of changed lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The first line, in the file before.
    pub line: usize,
    /// The lines before, without their line endings.
    pub before: Vec<String>,
    /// The lines after (none when the lines were removed).
    pub after: Vec<String>,
}

/// Code left as written, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    /// The file.
    pub path: PathBuf,
    /// Where the code starts.
    pub start: Position,
    /// The text of that line.
    pub line_text: String,
    /// Why it was left, and what to do.
    pub reason: String,
    /// The whole file was left unchanged (it does not parse, or cannot be
    /// read).
    pub file_skipped: bool,
}

/// One file migrated in memory: its new text, the changed lines, and what
/// was left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrated {
    /// The rewritten text (the same text when nothing changed).
    pub text: String,
    /// The changed lines.
    pub changes: Vec<Change>,
    /// What was left as written: position and reason.
    pub left: Vec<(Position, String)>,
    /// How many logging calls of the `log` crate were rewritten.
    pub log_calls: usize,
    /// Decisions a reviewer should read: position and what was done.
    pub merged: Vec<(Position, String)>,
}

/// Migrates one file's text as if it were in a crate that depends on
/// tracing and log under their own names.
///
/// ```
/// let code = "fn f(state: State) {\n    tracing::error!(?state, \"closing {:?}\", state);\n}\n";
/// let migrated = cargo_safe_log::migrate_source(code).unwrap();
/// assert_eq!(
///     migrated.text,
///     "fn f(state: State) {\n    safe_log::error!(state, \"closing {}\", state);\n}\n",
/// );
/// ```
///
/// # Errors
///
/// The reason, when the text does not parse (nothing is changed then).
pub fn migrate_source(text: &str) -> Result<Migrated, String> {
    migrate_text(text, &CrateNames::default())
}

/// Migrates the workspace at `options.path`; writes the files when
/// `options.write` is set.
///
/// # Errors
///
/// As [`audit`](crate::audit()): the workspace cannot be listed. A file that
/// cannot be read, parsed or written is a [`Leftover`] with `file_skipped`.
pub fn migrate(options: &MigrateOptions) -> Result<Migration, Error> {
    let loaded = Loaded::new(&options.path, options.jobs)?;
    let results = parallel(&loaded.inputs(), loaded.jobs, |(package, _, text)| {
        let text = text.as_ref().map_err(Clone::clone)?;
        let result = panic::catch_unwind(panic::AssertUnwindSafe(|| {
            migrate_text(text, &loaded.packages[*package].crates)
        }));
        proc_macro2::extra::invalidate_current_thread_spans();
        result.unwrap_or_else(|_| {
            Err("the migration failed on it (a bug: please report it)".to_owned())
        })
    });
    let mut migration = Migration {
        scanned: loaded.files.len(),
        notes: loaded.notes.clone(),
        written: options.write,
        ..Migration::default()
    };
    let mut log_packages = vec![false; loaded.packages.len()];
    let mut changed_packages = vec![false; loaded.packages.len()];
    for (((package, file), text), result) in loaded.files.iter().zip(&loaded.texts).zip(results) {
        let shown = loaded.shown(file);
        let migrated = match result {
            Ok(migrated) => migrated,
            Err(reason) => {
                migration.left.push(skipped(shown, &reason));
                continue;
            }
        };
        let Ok(before) = text else { continue };
        let source = Source::new(before);
        for (at, what) in &migrated.merged {
            migration
                .notes
                .push(format!("{}:{}: {what}", shown.display(), at.line));
        }
        for (start, reason) in migrated.left {
            migration.left.push(Leftover {
                path: shown.clone(),
                start,
                line_text: source.line(start.line).to_owned(),
                reason,
                file_skipped: false,
            });
        }
        if migrated.changes.is_empty() {
            continue;
        }
        // A file rustfmt left as it is stays so: a rewritten `use` takes its
        // sorted place, a longer path its line breaks.
        let edition = loaded.packages[*package].edition.as_deref();
        let text = unused::drop_unused(before, &migrated.text);
        let text = format::kept_formatted(before, &text, file, edition).unwrap_or(text);
        if options.write {
            if let Err(error) = fs::write(file, &text) {
                migration
                    .left
                    .push(skipped(shown, &format!("it cannot be written: {error}")));
                continue;
            }
        }
        changed_packages[*package] = true;
        log_packages[*package] |= migrated.log_calls > 0;
        migration.files.push(FileMigration {
            path: shown,
            changes: migrated.changes,
            before: before.clone(),
            after: text,
        });
    }
    for (path, reason) in &loaded.unreadable {
        migration.left.push(skipped(loaded.shown(path), reason));
    }
    package_manifests(
        &loaded,
        &changed_packages,
        &log_packages,
        options.write,
        &mut migration,
    );
    if options.fix && options.write {
        let dir = if options.path.is_dir() {
            options.path.clone()
        } else {
            options
                .path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        fix::fix(&dir, &mut migration);
    }
    migration.files.sort_by(|a, b| a.path.cmp(&b.path));
    migration
        .left
        .sort_by(|a, b| (&a.path, a.start).cmp(&(&b.path, b.start)));
    Ok(migration)
}

/// What each package must add or enable for its migrated code, the
/// safe-log dependency with the features its code calls for, added to its
/// `Cargo.toml` (shown, not written, without `write`); a note says what was
/// done, or what to do when the manifest cannot be edited.
fn package_manifests(
    loaded: &Loaded,
    changed_packages: &[bool],
    log_packages: &[bool],
    write: bool,
    migration: &mut Migration,
) {
    for (i, package) in loaded.packages.iter().enumerate() {
        let Some((manifest, depends)) = &package.manifest else {
            continue;
        };
        if !changed_packages[i] && !*depends {
            continue;
        }
        // The features its code calls for: `log` where `log::` calls were
        // migrated, and one per crate of its dependencies that safe-log
        // has a feature for (their types then have log forms).
        let has = |feature: &str| package.safe_log_features.iter().any(|f| f == feature);
        let mut wanted: Vec<&str> = package
            .feature_crates
            .iter()
            .map(String::as_str)
            .filter(|feature| !has(feature))
            .collect();
        if log_packages[i] && !has("log") && !has("log-always") {
            wanted.push("log");
        }
        let adds = changed_packages[i] && !depends;
        if !adds && wanted.is_empty() {
            continue;
        }
        let features = wanted
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let what = if adds {
            if wanted.is_empty() {
                "`safe-log = \"0.1\"` to its [dependencies]".to_owned()
            } else {
                format!(
                    "`safe-log = {{ version = \"0.1\", features = [{features}] }}` to its [dependencies]"
                )
            }
        } else {
            format!("safe-log's features {features}")
        };
        let shown = loaded.shown(manifest);
        let before = fs::read_to_string(manifest).ok();
        migration.scanned += usize::from(before.is_some());
        let edited = before
            .as_deref()
            .and_then(|text| manifest::with_safe_log(text, &wanted));
        match (before, edited) {
            (Some(before), Some(after)) => {
                if write {
                    if let Err(error) = fs::write(manifest, &after) {
                        migration.notes.push(format!(
                            "`{}` cannot be written ({error}): add {what}",
                            shown.display()
                        ));
                        continue;
                    }
                }
                let done = if write { "added" } else { "would add" };
                migration
                    .notes
                    .push(format!("`{}`: {done} {what}", shown.display()));
                migration.files.push(FileMigration {
                    path: shown,
                    changes: vec![manifest_change(&before, &after)],
                    before,
                    after,
                });
            }
            _ => migration.notes.push(format!(
                "`{}` could not be edited: add {what}",
                shown.display()
            )),
        }
    }
}

/// The one run of lines an edit of a manifest changed.
fn manifest_change(before: &str, after: &str) -> Change {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    Change {
        line: prefix + 1,
        before: old[prefix..old.len() - suffix]
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
        after: new[prefix..new.len() - suffix]
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
    }
}

fn skipped(path: PathBuf, reason: &str) -> Leftover {
    Leftover {
        path,
        start: Position { line: 1, column: 1 },
        line_text: String::new(),
        reason: format!("{reason}; the file was not changed"),
        file_skipped: true,
    }
}

/// Migrates one file's text.
fn migrate_text(text: &str, crates: &CrateNames) -> Result<Migrated, String> {
    let (file, _) = scan::parse(text).map_err(|error| {
        let at = error.span().start();
        format!("it does not parse at line {} ({error})", at.line)
    })?;
    // Positions count from after a byte order mark, as the parser's.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let source = Source::new(&text[bom..]);
    let imports = Imports::collect(&file, crates);
    let mut rewrites = scan::rewrites(&source, &file, &imports, crates);
    rewrites
        .edits
        .extend(uses::rewrite(&source, &file, &imports));
    let edits = rewrites
        .edits
        .iter()
        .map(|edit| {
            let from = bom + source.offset(edit.start);
            let to = bom + source.offset(edit.end);
            (from, to.max(from), edit.text.as_str())
        })
        .collect();
    let (after, changes) = apply::apply(text, edits)?;
    if after != text {
        if let Err(error) = scan::parse(&after) {
            return Err(format!(
                "its rewrite would not parse ({error}): a bug, please report it"
            ));
        }
    }
    let left = rewrites
        .left
        .into_iter()
        .map(|left| (left.start, left.reason))
        .collect();
    Ok(Migrated {
        text: after,
        changes,
        left,
        log_calls: rewrites.log_calls,
        merged: rewrites.merged,
    })
}
