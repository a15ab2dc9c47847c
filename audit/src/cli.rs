//! The command line: `cargo safe-log audit`, `cargo safe-log clippy-preset`,
//! `cargo safe-log rules`.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::{
    Error, MigrateOptions, MigrateOutput, Options, OutputFormat, Rule, audit, clippy_preset,
    migrate, write_migration, write_report,
};

/// The exit code of a run without findings, or with findings and no `--deny`.
pub const EXIT_OK: i32 = 0;
/// The exit code of `audit --deny` with findings.
pub const EXIT_FINDINGS: i32 = 1;
/// The exit code of a bad command line or a workspace that cannot be read.
pub const EXIT_ERROR: i32 = 2;

const USAGE: &str = "\
Finds the logging that formats values at run time, for CI, and migrates it to safe-log.

Usage: cargo safe-log audit [PATH] [--format human|json|sarif|github] [--deny] [--strict] [--jobs N]
       cargo safe-log migrate [PATH] [--dry-run | --diff | --fix] [--format human|json] [--jobs N]
       cargo safe-log clippy-preset
       cargo safe-log rules

audit          scan every .rs file of the workspace at PATH (default: .)
  --format F   human (default, like rustc), json, sarif (SARIF 2.1.0 for code
               scanning) or github (workflow commands that annotate a pull request)
  --deny       exit with 1 when there are findings (for CI)
  --strict     also report every tracing/log event macro not migrated to safe_log
  --jobs N     worker threads (default: all cores)
migrate        rewrite tracing's and log's calls at PATH (default: .) as safe_log calls:
               paths and imports, ?x and %x, {:?} in messages, log's k:? and ;,
               #[instrument]; only the tokens that change are edited
  --dry-run    report the changes, write nothing
  --diff       print a unified diff, write nothing
  --fix        then build, and apply the fixes the errors make certain (derive
               SafeLog on your types, skip fields and arguments of other crates'
               types without a log form, enable features), round after round
  --format F   human (default) or json
clippy-preset  print a clippy.toml that disallows tracing's and log's event macros
rules          list the rules and what to do about each

Silence a finding with a comment on the line before it:
  // safe-log: allow(<rule>) <reason>

Exit codes: 0 no findings (or findings without --deny), 1 findings with --deny,
2 bad usage, a workspace that cannot be read, or (migrate) a file left unchanged
because it does not parse.
";

/// Runs the command line `args` (the program's name first; cargo's `safe-log`
/// after it is skipped) and returns the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match parse(args) {
        Ok(Command::Help) => print(out, err, USAGE),
        Ok(Command::Version) => print(
            out,
            err,
            &format!("cargo-safe-log {}\n", env!("CARGO_PKG_VERSION")),
        ),
        Ok(Command::ClippyPreset) => print(out, err, &clippy_preset()),
        Ok(Command::Rules) => print(out, err, &rules()),
        Ok(Command::Migrate { options, output }) => match migrate(&options) {
            Ok(migration) => {
                if let Err(error) = write_migration(&migration, output, out, err) {
                    let _ = writeln!(err, "error: cannot write the report: {error}");
                    return EXIT_ERROR;
                }
                if migration.skipped_files() > 0 {
                    EXIT_ERROR
                } else {
                    EXIT_OK
                }
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                EXIT_ERROR
            }
        },
        Ok(Command::Audit {
            options,
            format,
            deny,
        }) => match audit(&options) {
            Ok(report) => {
                if let Err(error) = write_report(&report, format, deny, out) {
                    let _ = writeln!(err, "error: cannot write the report: {error}");
                    return EXIT_ERROR;
                }
                if deny && report.active().next().is_some() {
                    EXIT_FINDINGS
                } else {
                    EXIT_OK
                }
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                EXIT_ERROR
            }
        },
        Err(error) => {
            let _ = writeln!(
                err,
                "error: {error}\n\nRun `cargo safe-log --help` for the usage."
            );
            EXIT_ERROR
        }
    }
}

fn print(out: &mut dyn Write, err: &mut dyn Write, text: &str) -> i32 {
    match out.write_all(text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_ERROR
        }
    }
}

fn rules() -> String {
    let mut text = String::new();
    for rule in Rule::ALL {
        let _ = write!(
            text,
            "{}: {}\n    {}\n\n",
            rule.id(),
            rule.summary(),
            rule.explanation()
        );
    }
    text
}

enum Command {
    Help,
    Version,
    ClippyPreset,
    Rules,
    Audit {
        options: Options,
        format: OutputFormat,
        deny: bool,
    },
    Migrate {
        options: MigrateOptions,
        output: MigrateOutput,
    },
}

fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let mut args = args.into_iter().skip(1).peekable();
    if args.peek().is_some_and(|arg| arg == "safe-log") {
        args.next();
    }
    let mut words = Vec::new();
    for arg in args {
        words
            .push(arg.into_string().map_err(|arg| {
                Error::Usage(format!("`{}` is not UTF-8", arg.to_string_lossy()))
            })?);
    }
    if words.iter().any(|word| word == "--help" || word == "-h") {
        return Ok(Command::Help);
    }
    let mut words = words.into_iter();
    let command = match words.next().as_deref() {
        None | Some("help") => return Ok(Command::Help),
        Some("--version" | "-V") => return Ok(Command::Version),
        Some("clippy-preset") => Command::ClippyPreset,
        Some("rules") => Command::Rules,
        Some("audit") => return parse_audit(words),
        Some("migrate") => return parse_migrate(words),
        Some(other) => {
            return Err(Error::Usage(format!(
                "unknown command `{other}`: expected `audit`, `migrate`, `clippy-preset` or `rules`"
            )));
        }
    };
    match words.next() {
        None => Ok(command),
        Some(extra) => Err(Error::Usage(format!("unexpected argument `{extra}`"))),
    }
}

/// A command's words, read in order: `--flag`, `--flag value`,
/// `--flag=value`, `--jobs N` and one PATH are handled here; `flag` is given
/// every other option with a function that reads its value, and says whether
/// it knows it. Returns the PATH (default `.`) and the jobs (0 by default).
fn read_words(
    mut words: impl Iterator<Item = String>,
    mut flag: impl FnMut(&str, &mut dyn FnMut(&str) -> Result<String, Error>) -> Result<bool, Error>,
) -> Result<(PathBuf, usize), Error> {
    let mut path = None;
    let mut jobs = 0;
    while let Some(word) = words.next() {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| words.next())
                .ok_or_else(|| Error::Usage(format!("`{name}` needs a value")))
        };
        if name == "--jobs" || name == "-j" {
            let text = value("--jobs")?;
            jobs = text.parse().ok().filter(|&jobs| jobs > 0).ok_or_else(|| {
                Error::Usage(format!("`--jobs` needs a positive number, not `{text}`"))
            })?;
        } else if flag(&name, &mut value)? {
            // An option of the command.
        } else if word.starts_with('-') && word != "-" {
            return Err(Error::Usage(format!("unknown option `{word}`")));
        } else if let Some(first) = path.replace(PathBuf::from(&word)) {
            return Err(Error::Usage(format!(
                "one PATH only: `{}` and `{word}`",
                first.display()
            )));
        }
    }
    Ok((path.unwrap_or_else(|| PathBuf::from(".")), jobs))
}

fn parse_audit(words: impl Iterator<Item = String>) -> Result<Command, Error> {
    let mut options = Options::default();
    let mut format = None;
    let mut deny = false;
    let (path, jobs) = read_words(words, |flag, value| {
        match flag {
            "--deny" => deny = true,
            "--strict" => options.strict = true,
            "--format" => {
                let name = value("--format")?;
                let parsed = OutputFormat::from_name(&name).ok_or_else(|| {
                    Error::Usage(format!(
                        "unknown format `{name}`: expected human, json, sarif or github"
                    ))
                })?;
                if format.replace(parsed).is_some() {
                    return Err(Error::Usage("`--format` is given twice".to_owned()));
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    options.path = path;
    options.jobs = jobs;
    Ok(Command::Audit {
        options,
        format: format.unwrap_or_default(),
        deny,
    })
}

fn parse_migrate(words: impl Iterator<Item = String>) -> Result<Command, Error> {
    let mut json = None;
    let (mut dry_run, mut diff, mut fix) = (false, false, false);
    let (path, jobs) = read_words(words, |flag, value| {
        match flag {
            "--fix" => fix = true,
            "--dry-run" => dry_run = true,
            "--diff" => diff = true,
            "--format" => {
                let name = value("--format")?;
                let is_json = match name.as_str() {
                    "human" => false,
                    "json" => true,
                    _ => {
                        return Err(Error::Usage(format!(
                            "unknown format `{name}` for migrate: expected human or json"
                        )));
                    }
                };
                if json.replace(is_json).is_some() {
                    return Err(Error::Usage("`--format` is given twice".to_owned()));
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if dry_run && diff {
        return Err(Error::Usage(
            "`--dry-run` and `--diff` both write nothing: give one".to_owned(),
        ));
    }
    if fix && (dry_run || diff) {
        return Err(Error::Usage(
            "`--fix` builds the rewritten code and edits it: it cannot be a dry run".to_owned(),
        ));
    }
    let output = match (diff, json.unwrap_or(false)) {
        (true, true) => {
            return Err(Error::Usage(
                "`--diff` prints a diff, `--format json` a JSON report: give one".to_owned(),
            ));
        }
        (true, false) => MigrateOutput::Diff,
        (false, true) => MigrateOutput::Json,
        (false, false) => MigrateOutput::Human,
    };
    let options = MigrateOptions {
        path,
        write: !(dry_run || diff),
        jobs,
        fix,
    };
    Ok(Command::Migrate { options, output })
}
