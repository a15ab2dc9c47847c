//! rustfmt, for the files a migration rewrites: a file that was formatted
//! stays formatted.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// `after`, formatted by rustfmt, when rustfmt leaves `before` as it is
/// (with the package's edition and the `rustfmt.toml` rustfmt finds from the
/// file's directory); `None` when it changes `before`, fails, or is not
/// installed: the rewrite then stays as it is.
pub(super) fn kept_formatted(
    before: &str,
    after: &str,
    file: &Path,
    edition: Option<&str>,
) -> Option<String> {
    let dir = file.parent()?;
    let formatted_before = rustfmt(before, dir, edition)?;
    if formatted_before != before {
        return None;
    }
    rustfmt(after, dir, edition)
}

/// `text` through `rustfmt --emit stdout`, run in `dir`.
fn rustfmt(text: &str, dir: &Path, edition: Option<&str>) -> Option<String> {
    let mut command = Command::new("rustfmt");
    command
        .args(["--emit", "stdout", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(edition) = edition {
        command.args(["--edition", edition]);
    }
    let mut child = command.spawn().ok()?;
    let mut stdin = child.stdin.take()?;
    let input = text.to_owned();
    // Written from a thread, so that a large output cannot block the write.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}
