//! Applies byte-range edits to a text, and lists the changed lines.

use super::Change;

/// Applies `edits` (`from`, `to`, replacement; byte offsets on character
/// boundaries) to `text`. Edits that overlap are an error unless both only
/// delete (their ranges merge) or they are the same edit.
pub(super) fn apply(
    text: &str,
    mut edits: Vec<(usize, usize, &str)>,
) -> Result<(String, Vec<Change>), String> {
    edits.sort_by_key(|&(from, to, _)| (from, to));
    let mut merged: Vec<(usize, usize, &str)> = Vec::with_capacity(edits.len());
    for edit in edits {
        match merged.last_mut() {
            Some(last) if *last == edit => {}
            Some(last) if edit.0 < last.1 => {
                if last.2.is_empty() && edit.2.is_empty() {
                    last.1 = last.1.max(edit.1);
                } else {
                    let line = text[..edit.0].matches('\n').count() + 1;
                    return Err(format!(
                        "two rewrites overlap on line {line}: a bug, please report it"
                    ));
                }
            }
            _ => merged.push(edit),
        }
    }

    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let line_of = |at: usize| line_starts.partition_point(|&start| start <= at) - 1;
    let line_end = |line: usize| line_starts.get(line + 1).copied().unwrap_or(text.len());

    let mut out = String::with_capacity(text.len() + 64);
    let mut changes = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < merged.len() {
        // A hunk: the edits that share lines.
        let first_line = line_of(merged[i].0);
        let mut last_line = first_line;
        let mut j = i;
        while j < merged.len() {
            let (from, to, _) = merged[j];
            if line_of(from) > last_line {
                break;
            }
            last_line = last_line.max(line_of(to.saturating_sub(1).max(from)));
            j += 1;
        }
        let (start, end) = (line_starts[first_line], line_end(last_line));
        out.push_str(&text[copied..start]);
        let mut after = String::new();
        let mut at = start;
        for &(from, to, replacement) in &merged[i..j] {
            after.push_str(&text[at..from]);
            after.push_str(replacement);
            at = to;
        }
        after.push_str(&text[at..end]);
        out.push_str(&after);
        copied = end;
        changes.push(Change {
            line: first_line + 1,
            before: text[start..end].lines().map(str::to_owned).collect(),
            after: after.lines().map(str::to_owned).collect(),
        });
        i = j;
    }
    out.push_str(&text[copied..]);
    changes.retain(|change| change.before != change.after);
    Ok((out, changes))
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn edits_apply_and_changes_name_their_lines() {
        let text = "a ?x b\nkeep\nuse t::e;\nlast";
        let (out, changes) = apply(
            text,
            vec![(2, 3, ""), (12, 22, ""), (0, 1, "A"), (2, 3, "")],
        )
        .unwrap();
        assert_eq!(out, "A x b\nkeep\nlast");
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].line, 1);
        assert_eq!(changes[0].before, ["a ?x b"]);
        assert_eq!(changes[0].after, ["A x b"]);
        assert_eq!(changes[1].line, 3);
        assert_eq!(changes[1].before, ["use t::e;"]);
        assert!(changes[1].after.is_empty());
    }

    #[test]
    fn deletions_merge_and_other_overlaps_are_refused() {
        assert_eq!(
            apply("abcdef", vec![(1, 3, ""), (2, 5, "")]).unwrap().0,
            "af"
        );
        assert!(apply("abcdef", vec![(1, 3, "x"), (2, 5, "")]).is_err());
        // An insertion where a deletion starts is not an overlap.
        assert_eq!(
            apply("abc", vec![(1, 1, "+"), (1, 2, "")]).unwrap().0,
            "a+c"
        );
    }
}
