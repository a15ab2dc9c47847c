//! `cargo safe-log migrate` on real call sites (`tests/corpus`, from hyper,
//! hyper-util, tower, axum, tungstenite and a WebSocket service), then
//! `cargo check`: every call site marked `// ok` builds with no hand edit,
//! every one marked `// decide` fails on the value that has no log form, and
//! nothing else fails. A second run changes nothing, and every comment is
//! kept.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_safe_log::{MigrateOptions, migrate};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the audit crate is in the workspace")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The `.rs` files under `dir`, with their text.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
}

/// `cargo check` of the crate: the (file, line) of every error.
fn check(dir: &Path) -> BTreeSet<(String, usize)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--message-format=json"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/migrate-corpus"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors = BTreeSet::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let spans = message["message"]["spans"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let primary = spans.iter().find(|span| span["is_primary"] == true);
        match primary {
            Some(span) => {
                errors.insert((
                    span["file_name"].as_str().unwrap_or("").to_owned(),
                    usize::try_from(span["line_start"].as_u64().unwrap_or(0)).unwrap(),
                ));
            }
            None => panic!(
                "an error without a place: {}",
                message["message"]["rendered"]
            ),
        }
    }
    assert!(
        output.status.success() || !errors.is_empty(),
        "cargo check failed without a compiler error:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    errors
}

/// The call sites marked `// ok` and `// decide` in the crate's files, as
/// (file relative to the crate, line).
fn marked(dir: &Path, marker: &str) -> BTreeSet<(String, usize)> {
    let mut files = Vec::new();
    sources(&dir.join("src"), &mut files);
    let mut out = BTreeSet::new();
    for (path, text) in files {
        let relative = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in text.lines().enumerate() {
            if line.contains(marker) {
                out.insert((relative.clone(), i + 1));
            }
        }
    }
    out
}

/// The `//` comments of a text, in order.
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.find("//").map(|at| &line[at..]))
        .collect()
}

#[test]
fn real_call_sites_build_after_migration_where_their_values_have_a_log_form() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("migrate-corpus");
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&workspace().join("audit/tests/corpus"), &dir);
    let manifest = dir.join("Cargo.toml");
    let runtime = workspace().join("runtime");
    let text = fs::read_to_string(&manifest).unwrap();
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    fs::write(&manifest, text.replace("SAFE_LOG_PATH", &runtime)).unwrap();
    fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    // As their crates wrote them, the call sites build with tracing and log.
    assert_eq!(check(&dir), BTreeSet::new(), "the corpus builds before");
    let mut before = Vec::new();
    sources(&dir.join("src"), &mut before);

    let options = MigrateOptions {
        path: dir.clone(),
        write: true,
        jobs: 0,
        fix: false,
    };
    let migration = migrate(&options).unwrap();
    assert_eq!(migration.skipped_files(), 0, "{:?}", migration.left);
    assert!(migration.left.is_empty(), "{:?}", migration.left);
    assert!(migration.changes() >= 48, "{} changes", migration.changes());

    // Idempotent: a second run finds nothing to change.
    let again = migrate(&options).unwrap();
    assert_eq!(again.changes(), 0, "{:?}", again.files);

    // Comments and everything outside the rewritten tokens are kept.
    let mut after = Vec::new();
    sources(&dir.join("src"), &mut after);
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        assert_eq!(comments(old), comments(new), "{}", path.display());
    }

    let ok = marked(&dir, "// ok");
    let decide = marked(&dir, "// decide");
    assert_eq!((ok.len(), decide.len()), (38, 10));
    let errors = check(&dir);
    let unexpected: Vec<_> = errors.difference(&decide).collect();
    assert!(
        unexpected.is_empty(),
        "errors outside `decide` sites: {unexpected:?}"
    );
    let missing: Vec<_> = decide.difference(&errors).collect();
    assert!(missing.is_empty(), "`decide` sites that build: {missing:?}");
}
