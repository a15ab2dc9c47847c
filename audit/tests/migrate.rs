//! `cargo safe-log migrate`: each rewrite on its own, what is left for a
//! person, the command line and its three outputs.

mod support;

use cargo_safe_log::migrate_source;
use support::{MANIFEST, TempDir, run_in};

/// Migrates `before` inside a function and checks the result, then that a
/// second run changes nothing.
#[track_caller]
fn migrates(before: &str, after: &str) {
    let wrap = |body: &str| format!("fn f() {{\n    {body}\n}}\n");
    let migrated = migrate_source(&wrap(before)).unwrap();
    assert_eq!(migrated.text, wrap(after), "from `{before}`");
    assert!(migrated.left.is_empty(), "{:?}", migrated.left);
    let again = migrate_source(&migrated.text).unwrap();
    assert_eq!(again.text, migrated.text, "a second run changed `{after}`");
    assert!(again.changes.is_empty());
}

#[test]
fn paths_become_safe_log_s() {
    migrates("tracing::info!(\"ready\");", "safe_log::info!(\"ready\");");
    migrates("::tracing::warn!(\"slow\");", "safe_log::warn!(\"slow\");");
    migrates("log::error!(\"failed\");", "safe_log::error!(\"failed\");");
    migrates(
        "tracing::info_span!(\"conn\", id = 7);",
        "safe_log::info_span!(\"conn\", id = 7);",
    );
    migrates(
        "tracing::event!(Level::INFO, code, \"closing\");",
        "safe_log::safe_log!(Level::INFO, code, \"closing\");",
    );
    migrates(
        "tracing::span!(tracing::Level::DEBUG, \"poll\");",
        "safe_log::span!(tracing::Level::DEBUG, \"poll\");",
    );
    migrates(
        "log::log!(log::Level::Warn, \"late by {}\", ms);",
        "safe_log::safe_log!(safe_log::Level::WARN, \"late by {}\", ms);",
    );
    migrates(
        "log::log!(target: \"ws\", Level::Trace, \"x\");",
        "safe_log::safe_log!(target: \"ws\", safe_log::Level::TRACE, \"x\");",
    );
}

#[test]
fn sigils_and_field_functions_go() {
    migrates(
        "tracing::error!(?state, %peer, \"closing\");",
        "safe_log::error!(state, peer, \"closing\");",
    );
    migrates(
        "tracing::error!(state = ?self.state, error = %e, code = ? 1000);",
        "safe_log::error!(state = self.state, error = e, code = 1000);",
    );
    migrates(
        "tracing::warn!(retry = tracing::field::debug(&n), peer = tracing::field::display(addr));",
        "safe_log::warn!(retry = &n, peer = addr);",
    );
    migrates(
        "tracing::debug!({ %error, code }, \"service failed\");",
        "safe_log::debug!(error, code, \"service failed\");",
    );
    migrates(
        "tracing::info!(target: \"ws\", parent: &span, ?state);",
        "safe_log::info!(target: \"ws\", parent: &span, state);",
    );
}

#[test]
fn log_s_captures_and_semicolon_go() {
    migrates(
        "log::warn!(key:? = v, other:% = w, error:err = e; \"warn {}\", x);",
        "safe_log::warn!(key = v, other = w, error = e, \"warn {}\", x);",
    );
    migrates("log::info!(id:?; \"hi\");", "safe_log::info!(id, \"hi\");");
    migrates(
        "log::info!(req:serde = r; \"served\");",
        "safe_log::info!(req = r, \"served\");",
    );
}

#[test]
fn message_placeholders_become_display() {
    migrates(
        "tracing::debug!(\"state {:?} / {x:#?} / {0:>8?} / {:?}\", s, 3);",
        "safe_log::debug!(\"state {} / {x} / {0:>8} / {}\", s, 3);",
    );
    migrates(
        "log::trace!(r#\"said \"{:?}\"\"#, w);",
        "safe_log::trace!(r#\"said \"{}\"\"#, w);",
    );
    // Not a log message: `format!`'s own string stays as written.
    migrates(
        "tracing::info!(\"{}\", format!(\"{:?}\", x));",
        "safe_log::info!(\"{}\", format!(\"{:?}\", x));",
    );
    // `println!` is not logging.
    migrates("println!(\"{:?}\", x);", "println!(\"{:?}\", x);");
}

#[test]
fn whitespace_comments_and_line_breaks_are_kept() {
    let before = "fn f() {\n    tracing::error!(\n        error = ?e,   // why\n        /* inline */ \"failed: {:?}\", e\n    );\n}\n";
    let after = "fn f() {\n    safe_log::error!(\n        error = e,   // why\n        /* inline */ \"failed: {}\", e\n    );\n}\n";
    assert_eq!(migrate_source(before).unwrap().text, after);
    // CRLF line endings and a byte order mark stay.
    let before = "\u{feff}fn f() {\r\n    tracing::info!(?x);\r\n}\r\n";
    let after = "\u{feff}fn f() {\r\n    safe_log::info!(x);\r\n}\r\n";
    assert_eq!(migrate_source(before).unwrap().text, after);
}

#[test]
fn imports_move_to_safe_log() {
    let cases = [
        (
            "use tracing::{info, warn};\nfn f() { info!(?x); }\n",
            "use safe_log::{info, warn};\nfn f() { info!(x); }\n",
        ),
        (
            "use tracing::error as oops;\nfn f() { oops!(%e); }\n",
            "use safe_log::error as oops;\nfn f() { oops!(e); }\n",
        ),
        (
            "use tracing::{\n    debug,\n    info,\n    Level,\n};\n",
            "use tracing::{\n    Level,\n};\nuse safe_log::{debug, info};\n",
        ),
        (
            "use tracing::{Level, info, warn};\n",
            "use tracing::{Level};\nuse safe_log::{info, warn};\n",
        ),
        (
            "    pub(crate) use log::{debug, trace};\n",
            "    pub(crate) use safe_log::{debug, trace};\n",
        ),
        (
            "#[cfg(feature = \"t\")]\nuse tracing::{instrument, Span};\n",
            "#[cfg(feature = \"t\")]\nuse tracing::{Span};\n#[cfg(feature = \"t\")]\nuse safe_log::instrument;\n",
        ),
        // `event!` has no import in safe_log: its calls are renamed.
        (
            "use tracing::event;\nfn f() { event!(Level::INFO, \"x\"); }\n",
            "fn f() { safe_log::safe_log!(Level::INFO, \"x\"); }\n",
        ),
        ("use tracing::{event, Level};\n", "use tracing::{Level};\n"),
        // A glob import stays; the calls name safe_log.
        (
            "use log::*;\nfn f() { trace!(\"{:?}\", x); }\n",
            "use log::*;\nfn f() { safe_log::trace!(\"{}\", x); }\n",
        ),
        // `span` used as a module stays tracing's; its macro calls are
        // renamed.
        (
            "use tracing::span;\nfn f(_: span::Id) { span!(Level::INFO, \"s\", ?x); }\n",
            "use tracing::span;\nfn f(_: span::Id) { safe_log::span!(Level::INFO, \"s\", x); }\n",
        ),
        (
            "use tracing::instrument;\nuse instrument::WithSubscriber;\n#[instrument]\nfn f() {}\n",
            "use tracing::instrument;\nuse instrument::WithSubscriber;\n#[safe_log::instrument]\nfn f() {}\n",
        ),
        // Not logging: other crates, tracing's types.
        (
            "use tracing::{Level, Span};\nuse my::info;\n",
            "use tracing::{Level, Span};\nuse my::info;\n",
        ),
    ];
    for (before, after) in cases {
        let migrated = migrate_source(before).unwrap();
        assert_eq!(migrated.text, after, "from:\n{before}");
        assert_eq!(
            migrate_source(after).unwrap().text,
            after,
            "again:\n{after}"
        );
    }
}

#[test]
fn instrument_keeps_its_options() {
    let before = "#[tracing::instrument(skip(self), fields(peer = %addr), err(Debug), ret(Debug, level = \"debug\"))]\nfn f(&self, addr: A) {}\n";
    let after = "#[safe_log::instrument(skip(self), fields(peer = addr), err, ret(level = \"debug\"))]\nfn f(&self, addr: A) {}\n";
    assert_eq!(migrate_source(before).unwrap().text, after);
    let before =
        "use tracing::instrument;\n#[instrument(level = \"info\", err(Display))]\nfn f() {}\n";
    let after =
        "use safe_log::instrument;\n#[instrument(level = \"info\", err(Display))]\nfn f() {}\n";
    assert_eq!(migrate_source(before).unwrap().text, after);
    let before =
        "#[cfg_attr(feature = \"t\", tracing::instrument(skip_all, ret(Debug)))]\nfn f() {}\n";
    let after = "#[cfg_attr(feature = \"t\", safe_log::instrument(skip_all, ret))]\nfn f() {}\n";
    assert_eq!(migrate_source(before).unwrap().text, after);
}

#[test]
fn forwarding_macros_keep_their_name_and_forward_to_safe_log() {
    // hyper's wrappers, in one file here (a workspace run finds them in any
    // file of the package).
    let before = "macro_rules! debug {\n    ($($arg:tt)+) => { tracing::debug!($($arg)+); }\n}\nfn f() { debug!(error = %e, \"{:?}\", r); }\n";
    let after = "macro_rules! debug {\n    ($($arg:tt)+) => { safe_log::debug!($($arg)+); }\n}\nfn f() { debug!(error = e, \"{}\", r); }\n";
    let dir = TempDir::new("wrappers");
    dir.write("Cargo.toml", MANIFEST);
    dir.write("src/lib.rs", before);
    let (code, _, stderr) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        after
    );
}

#[test]
fn what_cannot_be_rewritten_is_left_with_a_reason() {
    let left = |code: &str| {
        let migrated = migrate_source(code).unwrap();
        (migrated.text, migrated.left)
    };
    // log's `logger:`: the whole call stays.
    let code = "fn f() { log::info!(logger: l, \"x {:?}\", y); }\n";
    let (text, reasons) = left(code);
    assert_eq!(text, code);
    assert_eq!(reasons.len(), 1);
    assert!(reasons[0].1.contains("`logger:`"), "{}", reasons[0].1);
    assert_eq!((reasons[0].0.line, reasons[0].0.column), (1, 21));
    // A level that is not one of log's five: the whole call stays.
    let code = "fn f() { log::log!(lvl, \"x {:?}\", y); }\n";
    let (text, reasons) = left(code);
    assert_eq!(text, code);
    assert!(reasons[0].1.contains("`lvl`"), "{}", reasons[0].1);
    // `field::Empty` and `{:p}`: the rest of the call is migrated; `{:x}`
    // is safe_log's too.
    let code = "fn f() { tracing::info_span!(\"s\", id = tracing::field::Empty, ?x); tracing::info!(\"{:p} {:x}\", r, n); }\n";
    let (text, reasons) = left(code);
    assert_eq!(
        text,
        "fn f() { safe_log::info_span!(\"s\", id = tracing::field::Empty, x); safe_log::info!(\"{:p} {:x}\", r, n); }\n"
    );
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons[0].1.contains("safe_log::empty::<T>()"),
        "{}",
        reasons[0].1
    );
    assert!(
        reasons[1].1.contains("`{:p}` formats with `p`"),
        "{}",
        reasons[1].1
    );
    // Not Rust: an error, nothing changed.
    assert!(
        migrate_source("fn f( {")
            .unwrap_err()
            .contains("does not parse")
    );
}

const SITE: &str =
    "fn f(state: State) {\n    // keep\n    tracing::error!(?state, \"closing {:?}\", state);\n}\n";
const MIGRATED: &str =
    "fn f(state: State) {\n    // keep\n    safe_log::error!(state, \"closing {}\", state);\n}\n";

fn workspace(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("Cargo.toml", MANIFEST);
    dir.write("src/lib.rs", SITE);
    dir
}

fn lib(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap()
}

#[test]
fn the_command_writes_reports_and_is_idempotent() {
    let dir = workspace("write");
    let (code, stdout, stderr) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lib(&dir), MIGRATED);
    assert!(
        stdout.starts_with(
            "Cargo.toml:10\n  + safe-log = \"0.1\"\nsrc/lib.rs:3\n  -     tracing::error!(?state, \"closing {:?}\", state);\n  +     safe_log::error!(state, \"closing {}\", state);\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("note: `Cargo.toml`: added `safe-log = \"0.1\"` to its [dependencies]"),
        "{stdout}"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("Cargo.toml"))
            .unwrap()
            .ends_with("tracing = \"0.1\"\nsafe-log = \"0.1\"\n")
    );
    assert!(
        stdout.contains("safe-log migrate: 2 changes in 2 of 2 files, 0 places left for a person."),
        "{stdout}"
    );
    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("safe-log migrate: 0 changes"),
        "{stdout}"
    );
    assert_eq!(lib(&dir), MIGRATED);
}

#[test]
fn dry_run_and_diff_write_nothing_and_the_diff_applies() {
    let dir = workspace("dry-run");
    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "migrate", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert_eq!(lib(&dir), SITE);

    let (code, diff, stderr) = run_in(dir.path(), &["safe-log", "migrate", "--diff"]);
    assert_eq!(code, 0);
    assert_eq!(lib(&dir), SITE);
    assert_eq!(
        diff,
        "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -7,3 +7,4 @@\n \n [dependencies]\n tracing = \"0.1\"\n+safe-log = \"0.1\"\n--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,4 +1,4 @@\n fn f(state: State) {\n     // keep\n-    tracing::error!(?state, \"closing {:?}\", state);\n+    safe_log::error!(state, \"closing {}\", state);\n }\n"
    );
    assert!(stderr.contains("safe-log migrate: 2 changes"), "{stderr}");
    // `git apply` reads it as the migration.
    std::fs::write(dir.path().join("migrate.diff"), &diff).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "migrate.diff"])
        .current_dir(dir.path())
        .status();
    if let Ok(status) = applied {
        assert!(status.success());
        assert_eq!(lib(&dir), MIGRATED);
    }
}

#[test]
fn json_lists_changes_and_what_was_left() {
    let dir = workspace("json");
    dir.write(
        "src/more.rs",
        "fn g() { tracing::info_span!(\"s\", id = tracing::field::Empty); }\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["safe-log", "migrate", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["written"], true);
    assert_eq!(report["files"][0]["path"], "Cargo.toml");
    let change = &report["files"][1]["changes"][0];
    assert_eq!(report["files"][1]["path"], "src/lib.rs");
    assert_eq!(change["line"], 3);
    assert_eq!(
        change["before"],
        "    tracing::error!(?state, \"closing {:?}\", state);"
    );
    assert_eq!(
        change["after"],
        "    safe_log::error!(state, \"closing {}\", state);"
    );
    let left = &report["left"][0];
    assert_eq!(left["path"], "src/more.rs");
    assert_eq!(
        (left["line"].as_u64(), left["column"].as_u64()),
        (Some(1), Some(35))
    );
    assert!(left["reason"].as_str().unwrap().contains("empty::<T>()"));
    assert_eq!(left["file_skipped"], false);
    assert_eq!(report["summary"]["changes"], 3);
    assert_eq!(report["summary"]["left"], 1);
    assert_eq!(report["summary"]["files_skipped"], 0);
}

#[test]
fn a_file_that_does_not_parse_is_not_changed_and_exits_2() {
    let dir = workspace("broken");
    let broken = "fn g() { tracing::info!(?x) \n";
    dir.write("src/broken.rs", broken);
    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("src/broken.rs:1:1: it does not parse at line"),
        "{stdout}"
    );
    assert!(stdout.contains("the file was not changed"), "{stdout}");
    assert!(stdout.contains("1 file not changed"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/broken.rs")).unwrap(),
        broken
    );
    // The other files are migrated.
    assert_eq!(lib(&dir), MIGRATED);
}

#[test]
fn usage_errors() {
    let dir = workspace("usage");
    for (args, error) in [
        (
            &["--dry-run", "--diff"][..],
            "`--dry-run` and `--diff` both write nothing",
        ),
        (
            &["--diff", "--format", "json"][..],
            "`--diff` prints a diff",
        ),
        (
            &["--format", "sarif"][..],
            "unknown format `sarif` for migrate",
        ),
        (&["--deny"][..], "unknown option `--deny`"),
    ] {
        let mut all = vec!["safe-log", "migrate"];
        all.extend(args);
        let (code, _, stderr) = run_in(dir.path(), &all);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(error), "{args:?}: {stderr}");
    }
    assert_eq!(lib(&dir), SITE);
}

#[test]
fn span_record_becomes_record_and_empty_learns_its_type() {
    let code = "use tracing::field::display;\nfn f(id: u64, name: &str, other: Thing) {\n    let span = tracing::info_span!(\"req\", user_id = tracing::field::Empty, name = tracing::field::Empty, other = tracing::field::Empty);\n    span.record(\"user_id\", display(&id));\n    tracing::Span::current().record(\"name\", tracing::field::debug(&name));\n}\n";
    let migrated = migrate_source(code).unwrap();
    assert_eq!(
        migrated.text,
        "use tracing::field::display;\nfn f(id: u64, name: &str, other: Thing) {\n    let span = safe_log::info_span!(\"req\", user_id = safe_log::empty::<u64>(), name = safe_log::empty::<str>(), other = tracing::field::Empty);\n    safe_log::record!(span, user_id = id);\n    safe_log::record!(tracing::Span::current(), name = name);\n}\n"
    );
    // `other` is recorded nowhere: left for a person, on this run and the
    // next, which sees only safe_log calls.
    assert_eq!(migrated.left.len(), 1, "{:?}", migrated.left);
    assert!(migrated.left[0].1.contains("safe_log::empty::<T>()"));
    let again = migrate_source(&migrated.text).unwrap();
    assert_eq!(again.text, migrated.text);
    assert_eq!(again.left.len(), 1, "{:?}", again.left);
    assert_eq!(again.left[0].1, migrated.left[0].1);
}

#[test]
fn a_formatted_file_stays_formatted() {
    // `use tracing::info;` becomes `use safe_log::info;`, which rustfmt
    // sorts before `use std::io;`.
    let before = "use anyhow::Result;\nuse std::io;\nuse tracing::info;\n\npub fn f() -> Result<()> {\n    info!(n = 1, \"x\");\n    let _ = io::stdout();\n    Ok(())\n}\n";
    let after = "use anyhow::Result;\nuse safe_log::info;\nuse std::io;\n\npub fn f() -> Result<()> {\n    info!(n = 1, \"x\");\n    let _ = io::stdout();\n    Ok(())\n}\n";
    let dir = TempDir::new("rustfmt");
    dir.write("Cargo.toml", MANIFEST);
    dir.write("src/lib.rs", before);
    let (code, _, stderr) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        after
    );
    // A file that was not formatted is not formatted by the migration.
    let unformatted = "use std::io;\nuse tracing::info;\npub fn f() {   info!(n = 1, \"x\"); let _ = io::stdout(); }\n";
    dir.write("src/lib.rs", unformatted);
    let (code, _, stderr) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        "use std::io;\nuse safe_log::info;\npub fn f() {   info!(n = 1, \"x\"); let _ = io::stdout(); }\n"
    );
}

#[test]
fn imports_the_migration_leaves_unused_are_removed() {
    let manifest = MANIFEST.replace("tracing = \"0.1\"", "tracing = \"0.1\"\nlog = \"0.4\"");
    let dir = TempDir::new("unused-imports");
    dir.write("Cargo.toml", &manifest);
    // A glob whose names the file no longer uses, and a field function
    // whose every call became `record!`.
    dir.write(
        "src/lib.rs",
        "#![deny(unused_imports)]\nmod a;\nuse log::*;\nuse tracing::field::display;\n\npub fn f(n: u32, span: &tracing::Span) {\n    info!(\"n = {:?}\", n);\n    span.record(\"n\", display(&n));\n}\n",
    );
    // A glob that still brings a name the file uses stays.
    dir.write(
        "src/a.rs",
        "use log::*;\n\npub fn g() {\n    trace!(\"x\");\n    let _ = Level::Info;\n}\n",
    );
    let (code, _, stderr) = run_in(dir.path(), &["safe-log", "migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        "#![deny(unused_imports)]\nmod a;\n\npub fn f(n: u32, span: &tracing::Span) {\n    safe_log::info!(\"n = {}\", n);\n    safe_log::record!(span, n = n);\n}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/a.rs")).unwrap(),
        "use log::*;\n\npub fn g() {\n    safe_log::trace!(\"x\");\n    let _ = Level::Info;\n}\n"
    );
}

#[test]
fn the_notes_name_the_features_the_package_calls_for_and_only_those() {
    let dir = TempDir::new("features");
    let manifest = MANIFEST.replace("tracing = \"0.1\"", "log = \"0.4\"\nuuid = \"1\"");
    dir.write("Cargo.toml", &manifest);
    dir.write(
        "src/lib.rs",
        "pub fn f(n: u32) {\n    log::info!(\"n = {:?}\", n);\n}\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["safe-log", "migrate", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "would add `safe-log = { version = \"0.1\", features = [\"uuid\", \"log\"] }` to its [dependencies]"
        ),
        "{stdout}"
    );
    // Already enabled: no note.
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let manifest = format!(
        "{manifest}safe-log = {{ path = {:?}, features = [\"log\", \"uuid\"] }}\n",
        runtime.display().to_string()
    );
    dir.write("Cargo.toml", &manifest);
    let (code, stdout, stderr) = run_in(dir.path(), &["safe-log", "migrate", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("note:"), "{stdout}");
}

#[test]
fn fix_builds_and_applies_the_fixes_the_errors_make_certain() {
    let dir = TempDir::new("fix");
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    dir.write(
        "Cargo.toml",
        &format!(
            "{MANIFEST}safe-log = {{ path = {:?} }}\n",
            runtime.display().to_string()
        ),
    );
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    dir.write(
        "src/lib.rs",
        "use tracing::{debug, info, instrument};\n\n#[derive(Debug)]\npub enum Frame {\n    Simple(String),\n    Bulk(Vec<u8>),\n    Null,\n}\n\n#[derive(Debug)]\npub struct Command {\n    pub name: String,\n    pub started: std::time::Instant,\n}\n\n#[instrument]\npub fn apply(cmd: &Command, frame: &Frame, file: &std::fs::File) {\n    info!(?frame, \"applying\");\n    debug!(\"cmd {:?}\", cmd);\n}\n",
    );
    // Builds share the workspace's target directory, so that safe-log and
    // tracing are compiled once.
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/migrate-fix");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-safe-log"))
        .args(["safe-log", "migrate", "--fix"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for fix in [
        "fixed: derived `SafeLog` for `Frame` (src/lib.rs:4)",
        "fixed: derived `SafeLog` for `Command` (src/lib.rs:11)",
        "fixed: skipped the field `Frame.(unnamed)`",
        "fixed: skipped the field `Command.started`",
        "fixed: skipped the argument `file` of `apply`",
    ] {
        assert!(stdout.contains(fix), "{fix}\n{stdout}");
    }
    assert!(!stdout.contains("left for a person (run"), "{stdout}");
    // Formatted before, formatted after.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        "use safe_log::{debug, info, instrument};\n\n#[derive(Debug, safe_log::SafeLog)]\npub enum Frame {\n    Simple(String),\n    Bulk(#[safe_log(skip)] Vec<u8>),\n    Null,\n}\n\n#[derive(Debug, safe_log::SafeLog)]\npub struct Command {\n    pub name: String,\n    #[safe_log(skip)]\n    pub started: std::time::Instant,\n}\n\n#[instrument(skip(file))]\npub fn apply(cmd: &Command, frame: &Frame, file: &std::fs::File) {\n    info!(frame, \"applying\");\n    debug!(\"cmd {}\", cmd);\n}\n"
    );
    // `--fix` writes: it is no dry run.
    let (code, _, stderr) = run_in(dir.path(), &["safe-log", "migrate", "--fix", "--dry-run"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn an_error_logged_twice_with_debug_and_display_is_one_key() {
    let code = "fn f(e: &std::io::Error) {\n    tracing::error!(error.cause_chain = ?e, error.message = %e, \"failed\");\n}\n";
    let migrated = migrate_source(code).unwrap();
    assert_eq!(
        migrated.text,
        "fn f(e: &std::io::Error) {\n    safe_log::error!(error.cause_chain = e, \"failed\");\n}\n"
    );
    assert_eq!(migrated.merged.len(), 1);
    assert!(migrated.merged[0].1.contains("`error.message` was removed"));
    assert!(migrated.left.is_empty());
}
