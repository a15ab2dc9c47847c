//! `cargo safe-log audit`: finds the logging that formats values at run time,
//! so that CI can fail until it is migrated to safe-log or explicitly allowed.
//!
//! `#[derive(SafeLog)]` and safe-log's macros guard new code: a value that is
//! not log-safe does not compile. A codebase that exists already has its
//! `tracing::error!(?state, ...)` calls, and nothing in the compiler points at
//! them. The audit reads every `.rs` file of a workspace and reports, with
//! file, line and column:
//!
//! | rule | what it finds |
//! |---|---|
//! | `debug-field` | `?x`, `k = ?x`, `tracing::field::debug(x)` in tracing macros; `k:? = x` in log macros |
//! | `display-field` | `%x`, `k = %x`, `tracing::field::display(x)`; `k:% = x`, `k:err = x` |
//! | `serde-field` | `k:serde = x`, `k:sval = x` in log macros |
//! | `debug-format` | `{:?}`, `{:#?}`, `{x:?}` in the message of a tracing or log macro, or in a `format!` among its arguments |
//! | `print-debug-format` | the same in `println!`, `eprintln!`, `print!`, `eprint!` |
//! | `instrument-args` | `#[instrument]` that records arguments with Debug (not skipped, not primitives) |
//! | `instrument-ret` | `#[instrument(ret)]`, `#[instrument(err(Debug))]` |
//! | `unmigrated-event` | with `--strict`: every tracing or log event macro, with its `safe_log` equivalent |
//! | `allow-without-reason`, `bad-allow` | allow comments without a reason, or that do not parse |
//! | `unparsed-file` | a file that could not be read or parsed (reported and skipped) |
//!
//! Macros are recognised however they are named: `tracing::error!`,
//! `::log::warn!`, `error!` after `use tracing::error`, `oops!` after
//! `use tracing::error as oops`, `t::info!` after `use tracing as t`, a Cargo
//! rename of the crate, a glob import, `#[macro_use] extern crate log`. Calls
//! inside other macros' arguments and inside `macro_rules!` definitions are
//! found too.
//!
//! A finding is silenced by a comment on the line before it (or before the
//! statement or attribute it belongs to):
//!
//! ```text
//! // safe-log: allow(debug-field) a Duration's Debug is a number and a unit
//! tracing::info!(?elapsed, "request served");
//! ```
//!
//! The reason is required; an allow comment without one is a finding itself.
//!
//! The audit reads syntax, never types: it cannot tell that `%id` formats a
//! `u64`, nor see a logging call that a macro from another crate expands to.
//!
//! `cargo safe-log migrate` ([`migrate()`], [`migrate_source`]) rewrites the
//! same calls as `safe_log` calls, editing only the tokens that change: paths
//! and imports, sigils, `field::debug(x)`, log's captures and `;`, the Debug
//! placeholders of messages, `#[instrument]`. The compiler then points at the
//! values that have no log form.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use std::{fmt, fs, panic, thread};

mod finding;
mod format;
mod imports;
mod migrate;
mod output;
mod rules;
mod scan;
mod source;
mod suppress;
mod workspace;

pub mod cli;

pub use finding::Finding;
pub use migrate::report::MigrateOutput;
pub use migrate::{
    Change, FileMigration, Leftover, MigrateOptions, Migrated, Migration, migrate, migrate_source,
    write_migration,
};
pub use output::{OutputFormat, clippy_preset, write_report};
pub use rules::Rule;
pub use source::Position;

use finding::Draft;
use imports::CrateNames;
use source::Source;

/// What to audit and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The workspace: a directory with a `Cargo.toml`, a `Cargo.toml`, or a
    /// directory without one (its `.rs` files are scanned as one crate).
    pub path: PathBuf,
    /// Also report every tracing and log event macro (`unmigrated-event`).
    pub strict: bool,
    /// Worker threads; 0 uses the available parallelism.
    pub jobs: usize,
}

/// Why an audit could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The command line is wrong.
    Usage(String),
    /// The workspace cannot be read: no such path, `cargo metadata` failed.
    Workspace(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::Workspace(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// The result of an audit.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every finding, silenced ones included, sorted by path, line and column.
    pub findings: Vec<Finding>,
    /// The number of `.rs` files scanned.
    pub files: usize,
    /// The number of lines in them.
    pub lines: usize,
    /// Remarks about the run (a directory without `Cargo.toml`, ...).
    pub notes: Vec<String>,
    /// How long the audit took, listing the workspace included.
    pub elapsed: Duration,
}

impl Report {
    /// The findings no allow comment silences.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.suppressed.is_none())
    }

    /// The number of findings an allow comment silences.
    #[must_use]
    pub fn suppressed(&self) -> usize {
        self.findings.len() - self.active().count()
    }
}

/// Audits the workspace at `options.path`.
///
/// # Errors
///
/// [`Error::Workspace`] if the path cannot be read or `cargo metadata` fails
/// on it; [`Error::Usage`] if it is a file other than a `Cargo.toml`. Files
/// that cannot be read or parsed are findings (`unparsed-file`), not errors.
pub fn audit(options: &Options) -> Result<Report, Error> {
    let started = Instant::now();
    let loaded = Loaded::new(&options.path, options.jobs)?;
    let results = parallel(&loaded.inputs(), loaded.jobs, |(package, file, text)| {
        let shown = loaded.shown(file);
        match text {
            Ok(text) => check_text(
                &shown,
                text,
                &loaded.packages[*package].crates,
                options.strict,
            ),
            Err(reason) => (vec![unreadable(shown, reason)], 0),
        }
    });

    let mut report = Report {
        files: loaded.files.len(),
        notes: loaded.notes.clone(),
        ..Report::default()
    };
    for (findings, lines) in results {
        report.findings.extend(findings);
        report.lines += lines;
    }
    for (path, reason) in &loaded.unreadable {
        report.findings.push(unreadable(loaded.shown(path), reason));
    }
    report
        .findings
        .sort_by(|a, b| (&a.path, a.start, a.rule).cmp(&(&b.path, b.start, b.rule)));
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A workspace listed and read: every file's text, and each package's crate
/// names with its own logging macros (wrappers and re-exports) found.
struct Loaded {
    cwd: PathBuf,
    packages: Vec<workspace::Package>,
    /// Each file with its package's index.
    files: Vec<(usize, PathBuf)>,
    texts: Vec<Result<String, String>>,
    unreadable: Vec<(PathBuf, String)>,
    notes: Vec<String>,
    jobs: usize,
}

impl Loaded {
    fn new(path: &Path, jobs: usize) -> Result<Loaded, Error> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let workspace = workspace::load(&cwd.join(path))?;
        let mut packages = workspace.packages;
        let files: Vec<(usize, PathBuf)> = packages
            .iter()
            .enumerate()
            .flat_map(|(i, package)| package.files.iter().map(move |file| (i, file.clone())))
            .collect();
        let jobs = match jobs {
            0 => thread::available_parallelism().map_or(1, usize::from),
            jobs => jobs,
        }
        .clamp(1, files.len().max(1));

        // Read every file once; find the packages' own logging macros
        // (wrappers and re-exports can be used in any file of their package).
        let texts: Vec<Result<String, String>> = parallel(&files, jobs, |(_, file)| read(file));
        let crates: Vec<CrateNames> = packages
            .iter()
            .map(|package| package.crates.clone())
            .collect();
        let inputs: Vec<(usize, &Result<String, String>)> = files
            .iter()
            .zip(&texts)
            .map(|((package, _), text)| (*package, text))
            .collect();
        let wrappers = parallel(&inputs, jobs, |(package, text)| match text {
            Ok(text) if may_define_wrappers(text) => {
                let found = panic::catch_unwind(panic::AssertUnwindSafe(|| {
                    scan::parse(text)
                        .map(|(file, _)| scan::wrappers(&file, &crates[*package]))
                        .unwrap_or_default()
                }));
                proc_macro2::extra::invalidate_current_thread_spans();
                found.unwrap_or_default()
            }
            _ => Vec::new(),
        });
        for ((package, _), found) in inputs.iter().zip(wrappers) {
            for (name, kind) in found {
                packages[*package].crates.add_wrapper(name, kind);
            }
        }
        Ok(Loaded {
            cwd,
            packages,
            files,
            texts,
            unreadable: workspace.unreadable,
            notes: workspace.notes,
            jobs,
        })
    }

    /// Each file with its package's index and its text.
    fn inputs(&self) -> Vec<(usize, &Path, &Result<String, String>)> {
        self.files
            .iter()
            .zip(&self.texts)
            .map(|((package, file), text)| (*package, file.as_path(), text))
            .collect()
    }

    /// A path as reports show it: relative to the current directory when it
    /// is inside it.
    fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.cwd) {
            Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
            Ok(relative) => relative.to_path_buf(),
            Err(_) => path.to_path_buf(),
        }
    }
}

/// Audits one file's text as if it were in a crate that depends on tracing
/// and log under their own names. `path` is only used in the findings.
///
/// ```
/// use std::path::Path;
/// use cargo_safe_log::{check_source, Position, Rule};
///
/// let code = "fn f(state: State) {\n    tracing::error!(?state, \"closing\");\n}\n";
/// let findings = check_source(Path::new("src/ws.rs"), code, false);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].rule, Rule::DebugField);
/// assert_eq!(findings[0].start, Position { line: 2, column: 21 });
/// assert_eq!(findings[0].replacement.as_deref(), Some("state"));
/// ```
#[must_use]
pub fn check_source(path: &Path, text: &str, strict: bool) -> Vec<Finding> {
    findings(path, text, &CrateNames::default(), strict).0
}

const STACK: usize = 32 << 20;

/// Runs `f` on every item on `jobs` threads; the results keep the items'
/// order.
fn parallel<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .filter_map(|_| {
                // syn recurses as deep as the code nests: room for odd files.
                let worker = thread::Builder::new().stack_size(STACK);
                worker
                    .spawn_scoped(scope, || {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(item) = items.get(i) else { break };
                            out.push((i, f(item)));
                        }
                        out
                    })
                    .ok()
            })
            .collect();
        if workers.is_empty() {
            // No thread could be started: do the work here.
            return items
                .iter()
                .enumerate()
                .map(|(i, item)| (i, f(item)))
                .collect();
        }
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}

fn read(file: &Path) -> Result<String, String> {
    let bytes = fs::read(file).map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_owned())
}

/// Whether a file may define a macro that forwards to a logging macro or
/// re-export one (`pub(crate) use log::{debug, trace};`): the files worth
/// parsing twice.
fn may_define_wrappers(text: &str) -> bool {
    text.contains("macro_rules")
        || text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("pub")
                && line.contains("use ")
                && (line.contains("log") || line.contains("tracing"))
        })
}

fn check_text(
    shown: &Path,
    text: &str,
    crates: &CrateNames,
    strict: bool,
) -> (Vec<Finding>, usize) {
    // A bug in the scanner must cost one file, not the whole report.
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| {
        findings(shown, text, crates, strict)
    }));
    proc_macro2::extra::invalidate_current_thread_spans();
    result.unwrap_or_else(|_| {
        let lines = Source::new(text).line_count();
        let reason = "the scanner failed on it (a bug: please report it)";
        (vec![unreadable(shown.to_path_buf(), reason)], lines)
    })
}

fn findings(path: &Path, text: &str, crates: &CrateNames, strict: bool) -> (Vec<Finding>, usize) {
    let source = Source::new(text);
    let scanned = scan::scan(&source, text, crates, strict);
    let (allows, mut drafts) = suppress::allows(&source, &scanned.in_literal);
    drafts.extend(scanned.drafts);
    let findings = drafts
        .into_iter()
        .map(|draft| {
            let suppressed = suppress::silencing(&allows, &draft).map(|allow| allow.reason.clone());
            finish(path, &source, draft, suppressed)
        })
        .collect();
    (findings, scanned.lines)
}

fn finish(path: &Path, source: &Source<'_>, draft: Draft, suppressed: Option<String>) -> Finding {
    Finding {
        rule: draft.rule,
        path: path.to_path_buf(),
        start: draft.start,
        end: draft.end,
        message: draft.message,
        help: draft.help,
        replacement: draft.replacement,
        line_text: source.line(draft.start.line).to_owned(),
        suppressed,
    }
}

fn unreadable(path: PathBuf, reason: &str) -> Finding {
    let at = Position { line: 1, column: 1 };
    Finding {
        rule: Rule::UnparsedFile,
        path,
        start: at,
        end: at,
        message: format!("the file cannot be read ({reason}); it was not checked"),
        help: "make it readable, or exclude it with a .ignore entry".to_owned(),
        replacement: None,
        line_text: String::new(),
        suppressed: None,
    }
}
