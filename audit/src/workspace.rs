//! The files to scan: the members of the workspace at a path (from
//! `cargo metadata --no-deps`), each member's `.rs` files without `target/`,
//! ignored files, hidden directories and nested crates that are not members.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::Error;
use crate::imports::CrateNames;

/// A package to scan.
pub(crate) struct Package {
    /// What the package's code calls its crates.
    pub(crate) crates: CrateNames,
    /// Its `.rs` files, sorted.
    pub(crate) files: Vec<PathBuf>,
    /// Its `Cargo.toml`, and whether it depends on safe-log (`None` for a
    /// directory without one).
    pub(crate) manifest: Option<(PathBuf, bool)>,
    /// Its Rust edition (`cargo metadata`'s), for rustfmt.
    pub(crate) edition: Option<String>,
    /// The features it enables on safe-log.
    pub(crate) safe_log_features: Vec<String>,
    /// The crates among its dependencies that a feature of safe-log is named
    /// after (uuid, http, url, chrono, time, jiff, anyhow).
    pub(crate) feature_crates: Vec<String>,
}

/// The crates safe-log has a feature named after, for their types' log
/// forms.
pub(crate) const FEATURE_CRATES: [&str; 7] =
    ["uuid", "http", "url", "chrono", "time", "jiff", "anyhow"];

/// The packages of a workspace, and what could not be listed.
pub(crate) struct Workspace {
    pub(crate) packages: Vec<Package>,
    /// Directories or files the walk could not read, with the reason.
    pub(crate) unreadable: Vec<(PathBuf, String)>,
    /// Remarks for the user (stderr in human output).
    pub(crate) notes: Vec<String>,
}

/// Lists the workspace at `path`: a directory holding a `Cargo.toml`, a
/// `Cargo.toml`, or a directory without one (scanned as one package).
pub(crate) fn load(path: &Path) -> Result<Workspace, Error> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| Error::Workspace(format!("cannot read `{}`: {error}", path.display())))?;
    let manifest = if metadata.is_dir() {
        path.join("Cargo.toml")
    } else if path.file_name().is_some_and(|name| name == "Cargo.toml") {
        path.to_path_buf()
    } else {
        return Err(Error::Usage(format!(
            "`{}` is neither a directory nor a Cargo.toml",
            path.display()
        )));
    };
    if !manifest.is_file() {
        let mut workspace = Workspace {
            packages: Vec::new(),
            unreadable: Vec::new(),
            notes: vec![format!(
                "no Cargo.toml in `{}`: scanning its .rs files as one crate",
                path.display()
            )],
        };
        let files = walk(path, None, &mut workspace.unreadable);
        workspace.packages.push(Package {
            crates: CrateNames::default(),
            files,
            manifest: None,
            edition: None,
            safe_log_features: Vec::new(),
            feature_crates: Vec::new(),
        });
        return Ok(workspace);
    }
    let metadata = cargo_metadata(&manifest)?;
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let target = metadata
        .get("target_directory")
        .and_then(text)
        .map(PathBuf::from);
    let mut workspace = Workspace {
        packages: Vec::new(),
        unreadable: Vec::new(),
        notes: Vec::new(),
    };
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for package in packages {
        let Some(manifest) = package.get("manifest_path").and_then(text) else {
            continue;
        };
        let Some(dir) = Path::new(&manifest).parent() else {
            continue;
        };
        let Dependencies {
            mut crates,
            safe_log,
            safe_log_features,
            feature_crates,
        } = dependencies(&package);
        for target in package
            .get("targets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(root) = target.get("src_path").and_then(Value::as_str) else {
                continue;
            };
            // `#[macro_use] extern crate` is only allowed in a crate root.
            if let Ok(source) = std::fs::read_to_string(root) {
                if source.contains("macro_use") {
                    if let Ok(file) = syn::parse_file(&source) {
                        crates.add_macro_use_of(&file);
                    }
                    proc_macro2::extra::invalidate_current_thread_spans();
                }
            }
        }
        let files = walk(dir, target.as_deref(), &mut workspace.unreadable);
        workspace.packages.push(Package {
            crates,
            files,
            manifest: Some((PathBuf::from(&manifest), safe_log)),
            edition: package
                .get("edition")
                .and_then(Value::as_str)
                .map(str::to_owned),
            safe_log_features,
            feature_crates,
        });
    }
    Ok(workspace)
}

fn cargo_metadata(manifest: &Path) -> Result<Value, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .map_err(|error| {
            Error::Workspace(format!(
                "cannot run `{}`: {error}",
                Path::new(&cargo).display()
            ))
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Workspace(format!(
            "`cargo metadata` failed for `{}`: {}",
            manifest.display(),
            stderr.trim()
        )));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|error| Error::Workspace(format!("`cargo metadata` printed bad JSON: {error}")))
}

/// The `.rs` files under `dir`, honouring .gitignore and .ignore files (in a
/// git repository or not), without hidden directories, target directories
/// (the workspace's, a `target` beside a `Cargo.toml`, any directory with a
/// `CACHEDIR.TAG`) and nested crates.
fn walk(
    dir: &Path,
    target: Option<&Path>,
    unreadable: &mut Vec<(PathBuf, String)>,
) -> Vec<PathBuf> {
    let target = target.map(Path::to_path_buf);
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.require_git(false).filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
        if entry.depth() == 0 || !is_dir {
            return true;
        }
        let path = entry.path();
        let beside_manifest = || {
            path.parent()
                .is_some_and(|parent| parent.join("Cargo.toml").is_file())
        };
        let is_target = target.as_deref() == Some(path)
            || (entry.file_name() == "target" && beside_manifest())
            || path.join("CACHEDIR.TAG").is_file();
        !is_target && !path.join("Cargo.toml").is_file()
    });
    let mut files = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && entry.path().extension().is_some_and(|ext| ext == "rs") {
                    files.push(entry.into_path());
                }
            }
            Err(error) => {
                let path = error_path(&error).unwrap_or_else(|| dir.to_path_buf());
                unreadable.push((path, error.to_string()));
            }
        }
    }
    files.sort();
    files
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// What a package's dependencies tell.
struct Dependencies {
    crates: CrateNames,
    safe_log: bool,
    safe_log_features: Vec<String>,
    feature_crates: Vec<String>,
}

/// Reads a package's dependencies from `cargo metadata`.
fn dependencies(package: &Value) -> Dependencies {
    let mut crates = CrateNames::default();
    let mut safe_log = false;
    let mut safe_log_features = Vec::new();
    let mut feature_crates = Vec::new();
    for dependency in package
        .get("dependencies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(name) = dependency.get("name").and_then(Value::as_str) {
            safe_log |= name == "safe-log";
            if name == "safe-log" {
                safe_log_features.extend(
                    dependency
                        .get("features")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned),
                );
            }
            if FEATURE_CRATES.contains(&name) && !feature_crates.iter().any(|c| c == name) {
                feature_crates.push(name.to_owned());
            }
            let rename = dependency.get("rename").and_then(Value::as_str);
            crates.add_dependency(name, rename);
        }
    }
    Dependencies {
        crates,
        safe_log,
        safe_log_features,
        feature_crates,
    }
}
