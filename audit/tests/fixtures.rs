//! The fixture crates under `tests/fixtures/`, audited by the binary as CI
//! would run it. Each line that must be flagged ends with `//~` and the rule
//! ids (`allowed <rule>`: flagged and silenced by an allow comment;
//! `<rule>@-1`: flagged on the line before); every other line must not be.

mod support;

use std::path::Path;

use support::{audit_json, fixture, run};

/// `(path, line, rule, silenced)` of every finding, sorted.
type Expected = Vec<(String, usize, String, bool)>;

fn expected(dir: &Path) -> Expected {
    let mut out = Vec::new();
    for file in support::rust_files(dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = support::shown(&file);
        for (i, line) in text.lines().enumerate() {
            let Some((code, marks)) = line.split_once("//~") else {
                continue;
            };
            if code.trim_start().starts_with("//") {
                continue; // a comment that talks about the marks
            }
            let mut allowed = false;
            for mark in marks.split_whitespace() {
                if mark == "allowed" {
                    allowed = true;
                    continue;
                }
                let (rule, offset) = match mark.split_once('@') {
                    Some((rule, offset)) => (rule, offset.parse::<isize>().unwrap()),
                    None => (mark, 0),
                };
                let line = (i + 1).checked_add_signed(offset).unwrap();
                out.push((shown.clone(), line, rule.to_owned(), allowed));
                allowed = false;
            }
        }
    }
    out.sort();
    out
}

fn actual(report: &serde_json::Value) -> Expected {
    let mut out: Expected = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["path"].as_str().unwrap().to_owned(),
                usize::try_from(finding["line"].as_u64().unwrap()).unwrap(),
                finding["rule"].as_str().unwrap().to_owned(),
                !finding["suppressed"].is_null(),
            )
        })
        .collect();
    out.sort();
    out
}

fn check(name: &str) -> serde_json::Value {
    let dir = fixture(name);
    let report = audit_json(&dir, &[]);
    let expected = expected(&dir);
    assert!(!expected.is_empty() || name == "clean");
    assert_eq!(actual(&report), expected, "fixture `{name}`");
    report
}

#[test]
fn every_rule_in_tracing_log_print_and_instrument() {
    let report = check("rules");
    let rules: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "debug-field",
        "display-field",
        "serde-field",
        "debug-format",
        "print-debug-format",
        "instrument-args",
        "instrument-ret",
    ] {
        assert!(
            rules.contains(rule),
            "no `{rule}` finding in the rules fixture"
        );
    }
    assert!(!rules.contains("unmigrated-event"), "only with --strict");
}

#[test]
fn every_import_form_and_look_alikes() {
    check("imports");
}

#[test]
fn macro_use_in_the_crate_root_counts_in_every_module() {
    check("macro-use");
}

#[test]
fn the_crates_own_wrappers_and_reexports() {
    check("wrappers");
    let strict = audit_json(&fixture("wrappers"), &["--strict"]);
    let suggested: Vec<(&str, &str)> = strict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unmigrated-event")
        .map(|f| {
            (
                f["line_text"].as_str().unwrap().trim(),
                f["replacement"].as_str().unwrap(),
            )
        })
        .filter(|(line, _)| line.starts_with("my_"))
        .collect();
    assert_eq!(
        suggested,
        vec![
            ("my_warn!(?state); //~ debug-field", "safe_log::warn!"),
            (
                "my_log!(s:? = state; \"log wrapper with the level supplied\"); //~ debug-field",
                "safe_log::info!"
            ),
        ]
    );
}

#[test]
fn a_cargo_rename_of_tracing() {
    check("renamed");
}

#[test]
fn allow_comments_silence_and_are_checked() {
    let report = check("suppress");
    let silenced = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| !finding["suppressed"].is_null())
        .unwrap();
    assert_eq!(silenced["suppressed"], "Id's Debug is its number");
    assert_eq!(silenced["level"], "note");
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_skipped() {
    let report = check("broken");
    let broken = &report["findings"][0];
    assert_eq!(broken["rule"], "unparsed-file");
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .starts_with("the file does not parse ("),
        "{broken}"
    );
    assert_eq!(report["files"], 2, "the other file was still scanned");
}

#[test]
fn clean_code_has_no_findings_and_strict_flags_every_event_and_span() {
    let dir = fixture("clean");
    let report = check("clean");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);

    let strict = audit_json(&dir, &["--strict"]);
    let findings: Vec<(u64, &str, &str)> = strict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["replacement"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            (4, "unmigrated-event", "safe_log::info!"),
            (5, "unmigrated-event", "safe_log::info!"),
            (10, "unmigrated-event", "safe_log::info_span!"),
            (12, "unmigrated-event", "safe_log::span!"),
        ]
    );
    assert_eq!(strict["findings"][0]["column"], 5);
    assert_eq!(
        strict["findings"][0]["end_column"], 18,
        "the caret covers `tracing::info`"
    );
}

#[test]
fn exit_codes() {
    let rules = fixture("rules");
    let clean = fixture("clean");
    let rules = rules.to_str().unwrap();
    let clean = clean.to_str().unwrap();
    assert_eq!(
        run(&["safe-log", "audit", rules]).0,
        0,
        "findings without --deny"
    );
    assert_eq!(run(&["safe-log", "audit", rules, "--deny"]).0, 1);
    assert_eq!(run(&["safe-log", "audit", clean, "--deny"]).0, 0);
    assert_eq!(
        run(&["safe-log", "audit", clean, "--deny", "--strict"]).0,
        1
    );
    // Run directly rather than through cargo: no `safe-log` argument.
    assert_eq!(run(&["audit", rules, "--deny"]).0, 1);
    // Only silenced findings: clean.
    let silenced = support::TempDir::new("silenced");
    silenced.write("Cargo.toml", support::MANIFEST);
    silenced.write(
        "src/lib.rs",
        "fn f() {\n    // safe-log: allow(debug-field) reviewed\n    tracing::info!(?x);\n}\n",
    );
    assert_eq!(run(&["audit", silenced.path_str(), "--deny"]).0, 0);
}

#[test]
fn bad_usage_and_unreadable_workspaces_exit_with_2() {
    let clean = fixture("clean");
    let clean = clean.to_str().unwrap();
    for (args, message) in [
        (
            vec!["safe-log", "audit", "--frobnicate"],
            "unknown option `--frobnicate`",
        ),
        (
            vec!["safe-log", "audit", "--format", "xml"],
            "unknown format `xml`",
        ),
        (
            vec!["safe-log", "audit", "--format"],
            "`--format` needs a value",
        ),
        (vec!["safe-log", "audit", clean, clean], "one PATH only"),
        (
            vec!["safe-log", "audit", "--jobs", "0"],
            "`--jobs` needs a positive number",
        ),
        (vec!["safe-log", "lint"], "unknown command `lint`"),
        (
            vec!["safe-log", "audit", "/no/such/dir"],
            "cannot read `/no/such/dir`",
        ),
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }

    let broken = support::TempDir::new("bad-manifest");
    broken.write("Cargo.toml", "[package\nname = ");
    broken.write("src/lib.rs", "");
    let (code, _, stderr) = run(&["safe-log", "audit", broken.path_str()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`cargo metadata` failed"), "{stderr}");

    let (code, stdout, _) = run(&["safe-log", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: cargo safe-log audit [PATH]"));
}

#[test]
fn pathological_nesting_is_reported_not_a_crash() {
    let dir = support::TempDir::new("deep");
    dir.write("Cargo.toml", support::MANIFEST);
    let n = 3000;
    let parens = format!(
        "fn f() {{ let x = {}1{}; }}\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let chain = format!("fn g() {{ let x = {}1; }}\n", "1 + ".repeat(30_000));
    dir.write("src/parens.rs", &parens);
    dir.write("src/chain.rs", &chain);
    dir.write("src/lib.rs", "fn h() { tracing::info!(?x); }\n");
    let (code, stdout, stderr) = run(&["audit", dir.path_str(), "--format", "json", "--deny"]);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let messages: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0]
            .1
            .contains("an expression chains more than 20000 operators"),
        "{messages:?}"
    );
    assert_eq!(
        messages[1].0, "debug-field",
        "the other files are still scanned"
    );
    assert!(
        messages[2]
            .1
            .contains("brackets nest more than 2000 levels deep"),
        "{messages:?}"
    );
}

#[test]
fn credential_names_and_span_record() {
    let report = check("credentials");
    let replacements: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["replacement"].as_str())
        .filter(|r| r.starts_with("safe_log::record!"))
        .collect();
    assert_eq!(
        replacements,
        [
            "safe_log::record!(Span::current(), user_id = id)",
            "safe_log::record!(Span::current(), username = name)",
            "safe_log::record!(span, user.name = name)",
        ]
    );
    let texts: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "credential-name")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(
            &"the argument `subscription_token` of `login` is recorded by `#[instrument]`, and its name says it holds a token"
        ),
        "{texts:#?}"
    );
}
