//! The four output formats, the workspace walk and the clippy preset.

mod support;

use serde_json::{Map, Value};
use support::{MANIFEST, TempDir, fixture, run, run_in};

const ONE_FINDING: &str = "fn f(state: State) {\n    tracing::error!(?state, \"closing\");\n}\n";

fn one_finding() -> TempDir {
    let dir = TempDir::new("one-finding");
    dir.write("Cargo.toml", MANIFEST);
    dir.write("src/lib.rs", ONE_FINDING);
    dir
}

#[test]
fn human_output_reads_like_rustc() {
    let dir = one_finding();
    let (code, stdout, stderr) = run_in(dir.path(), &["safe-log", "audit"]);
    assert_eq!(code, 0, "{stderr}");
    let expected = "\
warning[debug-field]: `?state` formats `state` with Debug when the event is emitted
 --> src/lib.rs:2:21
  |
2 |     tracing::error!(?state, \"closing\");
  |                     ^^^^^^
  |
  = help: derive `SafeLog` for its type (or log a primitive taken from it), then write `state` in a safe_log macro

safe-log audit: 1 finding (debug-field: 1) in 1 file, 3 lines, ";
    assert!(stdout.starts_with(expected), "{stdout}");
    assert!(stdout.ends_with(" s\n"), "{stdout}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let finding: String = stdout
        .lines()
        .take(7)
        .flat_map(|line| [line, "\n"])
        .collect();
    assert!(
        readme.contains(&format!("```text\n{finding}```\n")),
        "the README shows this finding as the audit prints it:\n{finding}"
    );

    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "audit", "--deny"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("error[debug-field]: "), "{stdout}");
}

#[test]
fn json_output_has_every_field() {
    let dir = one_finding();
    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "audit", "--format=json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["tool"], "cargo-safe-log");
    assert_eq!(
        (report["files"].as_u64(), report["lines"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(
        (report["active"].as_u64(), report["suppressed"].as_u64()),
        (Some(1), Some(0))
    );
    let finding = &report["findings"][0];
    let expected = serde_json::json!({
        "rule": "debug-field",
        "level": "warning",
        "path": "src/lib.rs",
        "line": 2,
        "column": 21,
        "end_line": 2,
        "end_column": 27,
        "message": "`?state` formats `state` with Debug when the event is emitted",
        "help": "derive `SafeLog` for its type (or log a primitive taken from it), then write `state` in a safe_log macro",
        "replacement": "state",
        "line_text": "    tracing::error!(?state, \"closing\");",
        "suppressed": null,
    });
    assert_eq!(finding, &expected);
}

#[test]
fn github_workflow_commands() {
    let dir = one_finding();
    dir.write("src/we,ird.rs", "fn g() { log::warn!(\"{:?}\", x); }\n");
    let (code, stdout, _) = run_in(
        dir.path(),
        &["safe-log", "audit", "--format", "github", "--deny"],
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[0],
        "::error file=src/lib.rs,line=2,col=21,endLine=2,endColumn=27,title=safe-log debug-field::\
         `?state` formats `state` with Debug when the event is emitted%0Ahelp: derive `SafeLog` for \
         its type (or log a primitive taken from it), then write `state` in a safe_log macro"
    );
    assert!(
        lines[1].starts_with("::error file=src/we%2Cird.rs,line=1,col=22,endLine=1,endColumn=26,title=safe-log debug-format::"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("safe-log audit: 2 findings"),
        "{}",
        lines[2]
    );
    let (_, stdout, _) = run_in(dir.path(), &["safe-log", "audit", "--format", "github"]);
    assert!(stdout.starts_with("::warning file=src/lib.rs,"), "{stdout}");
}

/// Checks that `value` is an object whose keys are among `allowed` (SARIF
/// 2.1.0 objects do not take other properties) and include `required`.
fn object<'a>(
    value: &'a Value,
    what: &str,
    allowed: &[&str],
    required: &[&str],
) -> &'a Map<String, Value> {
    let map = value
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {value}"));
    for key in map.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{what} has `{key}`, which SARIF 2.1.0 does not define"
        );
    }
    for key in required {
        assert!(map.contains_key(*key), "{what} lacks `{key}`");
    }
    map
}

fn message(value: &Value, what: &str) {
    let map = object(
        value,
        what,
        &["text", "markdown", "id", "arguments", "properties"],
        &["text"],
    );
    assert!(
        map["text"].as_str().is_some_and(|text| !text.is_empty()),
        "{what}"
    );
}

fn positive(value: &Value, what: &str) -> u64 {
    let n = value
        .as_u64()
        .unwrap_or_else(|| panic!("{what} is not an integer: {value}"));
    assert!(n >= 1, "{what} is {n}");
    n
}

const LEVELS: [&str; 4] = ["none", "note", "warning", "error"];

fn uri_reference(uri: &str) {
    assert!(
        uri.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/:%".contains(&b)),
        "`{uri}` is not a percent-encoded URI reference"
    );
}

/// The SARIF 2.1.0 structure of everything the audit writes: the objects,
/// their allowed and required properties, enums, ranges, and the links
/// between results and rules.
fn check_sarif(log: &Value) {
    let root = object(
        log,
        "sarifLog",
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
        &["version", "runs"],
    );
    assert_eq!(root["version"], "2.1.0");
    assert_eq!(
        root["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = root["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = object(
        &runs[0],
        "run",
        &[
            "tool",
            "invocations",
            "conversion",
            "language",
            "versionControlProvenance",
            "originalUriBaseIds",
            "artifacts",
            "logicalLocations",
            "graphs",
            "results",
            "automationDetails",
            "runAggregates",
            "baselineGuid",
            "redactionTokens",
            "defaultEncoding",
            "defaultSourceLanguage",
            "newlineSequences",
            "columnKind",
            "externalPropertyFileReferences",
            "threadFlowLocations",
            "taxonomies",
            "addresses",
            "translations",
            "policies",
            "webRequests",
            "webResponses",
            "specialLocations",
            "properties",
        ],
        &["tool"],
    );
    assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&run["columnKind"].as_str().unwrap()));
    for (name, base) in object(
        &run["originalUriBaseIds"],
        "originalUriBaseIds",
        &["%SRCROOT%"],
        &["%SRCROOT%"],
    ) {
        let base = object(
            base,
            name,
            &["uri", "uriBaseId", "index", "description", "properties"],
            &["uri"],
        );
        let uri = base["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
        uri_reference(uri);
    }
    let ids = check_tool(&run["tool"]);
    for (i, result) in run["results"].as_array().unwrap().iter().enumerate() {
        check_result(result, &format!("results[{i}]"), &ids);
    }
}

/// `tool` and its driver's rules; returns the rule ids in order.
fn check_tool(tool: &Value) -> Vec<&str> {
    let tool = object(
        tool,
        "tool",
        &["driver", "extensions", "properties"],
        &["driver"],
    );
    let driver = object(
        &tool["driver"],
        "driver",
        &[
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "shortDescription",
            "fullDescription",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "globalMessageStrings",
            "notifications",
            "rules",
            "taxa",
            "locations",
            "language",
            "contents",
            "isComprehensive",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
            "associatedComponent",
            "translationMetadata",
            "supportedTaxonomies",
            "properties",
        ],
        &["name"],
    );
    assert_eq!(driver["name"], "cargo-safe-log");
    let rules = driver["rules"].as_array().unwrap();
    let mut ids = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let what = format!("rules[{i}]");
        let rule = object(
            rule,
            &what,
            &[
                "id",
                "deprecatedIds",
                "guid",
                "deprecatedGuids",
                "name",
                "deprecatedNames",
                "shortDescription",
                "fullDescription",
                "messageStrings",
                "defaultConfiguration",
                "helpUri",
                "help",
                "relationships",
                "properties",
            ],
            &["id"],
        );
        for text in ["shortDescription", "fullDescription", "help"] {
            message(&rule[text], &format!("{what}.{text}"));
        }
        let config = object(
            &rule["defaultConfiguration"],
            "defaultConfiguration",
            &["enabled", "level", "rank", "parameters", "properties"],
            &[],
        );
        assert!(LEVELS.contains(&config["level"].as_str().unwrap()));
        ids.push(rule["id"].as_str().unwrap());
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    ids
}

/// One `result`: its rule, level, fingerprints, location, suppressions.
fn check_result(result: &Value, what: &str, ids: &[&str]) {
    let result = object(
        result,
        what,
        &[
            "ruleId",
            "ruleIndex",
            "rule",
            "kind",
            "level",
            "message",
            "analysisTarget",
            "locations",
            "guid",
            "correlationGuid",
            "occurrenceCount",
            "partialFingerprints",
            "fingerprints",
            "stacks",
            "codeFlows",
            "graphs",
            "graphTraversals",
            "relatedLocations",
            "suppressions",
            "baselineState",
            "rank",
            "attachments",
            "hostedViewerUri",
            "workItemUris",
            "provenance",
            "fixes",
            "taxa",
            "webRequest",
            "webResponse",
            "properties",
        ],
        &["message", "ruleId", "locations"],
    );
    message(&result["message"], &format!("{what}.message"));
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(
        result["ruleId"], ids[index],
        "{what}: ruleIndex points at its rule"
    );
    assert!(LEVELS.contains(&result["level"].as_str().unwrap()));
    for (key, value) in result["partialFingerprints"].as_object().unwrap() {
        assert!(value.is_string(), "{what}.partialFingerprints.{key}");
    }
    let locations = result["locations"].as_array().unwrap();
    assert_eq!(locations.len(), 1);
    check_location(&locations[0], what);
    if let Some(suppressions) = result.get("suppressions") {
        for suppression in suppressions.as_array().unwrap() {
            let suppression = object(
                suppression,
                "suppression",
                &[
                    "guid",
                    "kind",
                    "status",
                    "justification",
                    "location",
                    "properties",
                ],
                &["kind"],
            );
            assert!(["inSource", "external"].contains(&suppression["kind"].as_str().unwrap()));
            assert!(suppression["justification"].is_string());
        }
    }
}

/// A result's `location`: a physical location in a `.rs` file under
/// `%SRCROOT%`, with a non-empty region.
fn check_location(location: &Value, what: &str) {
    let location = object(
        location,
        "location",
        &[
            "id",
            "physicalLocation",
            "logicalLocations",
            "message",
            "annotations",
            "relationships",
            "properties",
        ],
        &["physicalLocation"],
    );
    let physical = object(
        &location["physicalLocation"],
        "physicalLocation",
        &[
            "address",
            "artifactLocation",
            "region",
            "contextRegion",
            "properties",
        ],
        &["artifactLocation", "region"],
    );
    let artifact = object(
        &physical["artifactLocation"],
        "artifactLocation",
        &["uri", "uriBaseId", "index", "description", "properties"],
        &["uri", "uriBaseId"],
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let uri = artifact["uri"].as_str().unwrap();
    uri_reference(uri);
    assert!(
        !uri.starts_with('/')
            && std::path::Path::new(uri)
                .extension()
                .is_some_and(|ext| ext == "rs"),
        "{uri}"
    );
    let region = object(
        &physical["region"],
        "region",
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
            "byteOffset",
            "byteLength",
            "snippet",
            "message",
            "sourceLanguage",
            "properties",
        ],
        &["startLine"],
    );
    let start_line = positive(&region["startLine"], "startLine");
    let start_column = positive(&region["startColumn"], "startColumn");
    let end_line = positive(&region["endLine"], "endLine");
    let end_column = positive(&region["endColumn"], "endColumn");
    assert!(
        end_line > start_line || (end_line == start_line && end_column > start_column),
        "{what}: an empty region"
    );
    object(
        &region["snippet"],
        "snippet",
        &["text", "binary", "rendered", "properties"],
        &["text"],
    );
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    for name in ["rules", "suppress", "broken"] {
        let dir = fixture(name);
        let (code, stdout, stderr) = run(&[
            "safe-log",
            "audit",
            dir.to_str().unwrap(),
            "--format",
            "sarif",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let log: Value = serde_json::from_str(&stdout).unwrap();
        check_sarif(&log);
        let results = log["runs"][0]["results"].as_array().unwrap();
        let json = support::audit_json(&dir, &[]);
        assert_eq!(
            results.len(),
            json["findings"].as_array().unwrap().len(),
            "{name}: every finding is a result"
        );
        let suppressed = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .count();
        assert_eq!(suppressed as u64, json["suppressed"].as_u64().unwrap());
    }
}

#[test]
fn sarif_of_one_finding() {
    let dir = one_finding();
    let (_, stdout, _) = run_in(
        dir.path(),
        &["safe-log", "audit", "--format", "sarif", "--deny"],
    );
    let log: Value = serde_json::from_str(&stdout).unwrap();
    check_sarif(&log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "debug-field");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(2), Some(21))
    );
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(2), Some(27))
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/lib.rs"
    );
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    let canonical = dir.path().canonicalize().unwrap();
    assert_eq!(base, format!("file://{}/", canonical.display()));
}

#[test]
fn the_walk_covers_members_only() {
    let ws = TempDir::new("walk");
    let finding = "fn f() { tracing::error!(?x); }\n";
    ws.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"a\", \"b\"]\nresolver = \"2\"\n",
    );
    ws.write(".gitignore", "ignored.rs\n");
    ws.write(
        "a/Cargo.toml",
        &MANIFEST.replace("temp", "a").replace("[workspace]\n", ""),
    );
    ws.write(
        "b/Cargo.toml",
        &MANIFEST.replace("temp", "b").replace("[workspace]\n", ""),
    );
    for file in [
        // Scanned: the members' sources, build scripts, examples.
        "a/src/lib.rs",
        "a/build.rs",
        "a/examples/e.rs",
        "b/src/main.rs",
        // Not scanned: a crate that is not a member, target directories,
        // hidden directories, ignored files, files outside the members.
        "a/nested/src/lib.rs",
        "a/target/debug/build/out.rs",
        "target/debug/out.rs",
        "a/.hidden/x.rs",
        "a/src/ignored.rs",
        "tools/loose.rs",
    ] {
        ws.write(file, finding);
    }
    ws.write("a/nested/Cargo.toml", &MANIFEST.replace("temp", "nested"));
    ws.write(
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    );
    let (code, stdout, stderr) = run_in(ws.path(), &["safe-log", "audit", ".", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let mut paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "a/build.rs",
            "a/examples/e.rs",
            "a/src/lib.rs",
            "b/src/main.rs"
        ]
    );
    assert_eq!(report["files"], 4);
}

#[test]
fn a_directory_without_cargo_toml_is_one_crate() {
    let dir = TempDir::new("loose");
    dir.write("x.rs", ONE_FINDING);
    let (code, stdout, _) = run_in(dir.path(), &["safe-log", "audit", "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["findings"][0]["path"], "x.rs");
    assert!(
        report["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("no Cargo.toml in"),
        "{report}"
    );
}

#[test]
fn clippy_preset_disallows_every_event_macro() {
    let (code, stdout, _) = run(&["safe-log", "clippy-preset"]);
    assert_eq!(code, 0);
    let entries: Vec<&str> = stdout
        .lines()
        .filter(|line| line.trim_start().starts_with("{ path = "))
        .collect();
    let mut paths = Vec::new();
    for entry in &entries {
        let path = entry.split('"').nth(1).unwrap();
        let reason = entry.split('"').nth(3).unwrap();
        let instead = if path.ends_with("::event") || path.ends_with("::log") {
            "use `safe_log::safe_log!`".to_owned()
        } else {
            format!("use `safe_log::{}!`", path.rsplit("::").next().unwrap())
        };
        assert!(reason.starts_with(&instead), "{entry}");
        assert!(entry.ends_with("allow-invalid = true },"), "{entry}");
        paths.push(path);
    }
    assert_eq!(
        paths,
        [
            "tracing::error",
            "tracing::warn",
            "tracing::info",
            "tracing::debug",
            "tracing::trace",
            "tracing::event",
            "log::error",
            "log::warn",
            "log::info",
            "log::debug",
            "log::trace",
            "log::log",
        ]
    );
    assert!(stdout.contains("disallowed-macros = [\n") && stdout.ends_with("]\n"));
}

#[test]
fn rules_lists_every_rule() {
    let (code, stdout, _) = run(&["safe-log", "rules"]);
    assert_eq!(code, 0);
    for rule in cargo_safe_log::Rule::ALL {
        assert!(
            stdout.contains(&format!("{}: {}\n", rule.id(), rule.summary())),
            "{rule}"
        );
    }
}
