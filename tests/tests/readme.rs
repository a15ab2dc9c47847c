//! The README shows compiler output copied from the trybuild snapshots; these
//! tests keep the copies true.

use std::fs;
use std::path::Path;

/// The text blocks (fenced with three backticks and `text`) of the README.
fn text_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```text") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_leak_error_in_the_readme_is_the_snapshot() {
    let readme = read("../README.md");
    let snapshot = read("ui/leak/demo_before.stderr");
    let blocks = text_blocks(&readme);
    let shown = blocks
        .iter()
        .find(|b| b.contains("ui/leak/demo_before.rs"))
        .expect("the README shows the error of the demo's record before the fix");
    assert!(
        snapshot.starts_with(shown.as_str()),
        "the README's error is not the start of ui/leak/demo_before.stderr:\n{shown}"
    );
    // Everything up to the list of the file's other records is shown.
    let cut = snapshot
        .find("help: the following other types")
        .expect("the snapshot lists other implementations");
    assert_eq!(
        shown.len(),
        cut,
        "the README shows part of the message only"
    );
}
