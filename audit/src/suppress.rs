//! `// safe-log: allow(<rule>[, <rule>...]) <reason>` comments.
//!
//! A comment silences the findings of the listed rules that start on the
//! next line, or that belong to a statement, attribute or macro call that
//! starts on the next line. The reason is required: a comment without one
//! still silences, and is itself a finding.

use crate::finding::Draft;
use crate::rules::Rule;
use crate::source::{Position, Source};

/// A well-formed allow comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Allow {
    /// The line of the comment.
    pub(crate) line: usize,
    pub(crate) rules: Vec<Rule>,
    pub(crate) reason: String,
}

const PREFIX: &str = "safe-log:";

/// The allow comments of a file, and the findings about malformed ones.
/// `in_literal[line]` marks lines inside a string literal, which hold text,
/// not comments.
pub(crate) fn allows(source: &Source<'_>, in_literal: &[bool]) -> (Vec<Allow>, Vec<Draft>) {
    let mut allows = Vec::new();
    let mut drafts = Vec::new();
    for line in 1..=source.line_count() {
        if in_literal.get(line).copied().unwrap_or(false) {
            continue;
        }
        let text = source.line(line);
        let trimmed = text.trim_start();
        let Some(comment) = trimmed.strip_prefix("//") else {
            continue;
        };
        let Some(directive) = comment.trim_start().strip_prefix(PREFIX) else {
            continue;
        };
        let column = text[..text.len() - trimmed.len()].chars().count() + 1;
        let start = Position { line, column };
        let end = Position {
            line,
            column: text.chars().count() + 1,
        };
        let draft = |rule: Rule, message: String, help: String| Draft {
            rule,
            start,
            end,
            anchor: line,
            message,
            help,
            replacement: None,
        };
        let directive = directive.trim();
        let parsed = directive
            .strip_prefix("allow")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('('))
            .and_then(|rest| rest.split_once(')'));
        let Some((list, reason)) = parsed else {
            drafts.push(draft(
                Rule::BadAllow,
                format!("`// {PREFIX} {directive}` is not an allow comment"),
                format!(
                    "write `// {PREFIX} allow(<rule>) <reason>`; rules: {}",
                    rule_list()
                ),
            ));
            continue;
        };
        let mut rules = Vec::new();
        for name in list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            match Rule::from_id(name) {
                Some(rule) if rule.suppressible() => rules.push(rule),
                Some(rule) => drafts.push(draft(
                    Rule::BadAllow,
                    format!("`{rule}` findings cannot be allowed"),
                    "fix the allow comment instead".to_owned(),
                )),
                None => drafts.push(draft(
                    Rule::BadAllow,
                    format!("`{name}` is not a safe-log rule"),
                    format!("rules: {}", rule_list()),
                )),
            }
        }
        if rules.is_empty() {
            if !list.trim().is_empty() {
                continue;
            }
            drafts.push(draft(
                Rule::BadAllow,
                "the allow comment names no rule".to_owned(),
                format!(
                    "write `// {PREFIX} allow(<rule>) <reason>`; rules: {}",
                    rule_list()
                ),
            ));
            continue;
        }
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            let names: Vec<_> = rules.iter().map(|rule| rule.id()).collect();
            drafts.push(draft(
                Rule::AllowWithoutReason,
                "the allow comment gives no reason".to_owned(),
                format!(
                    "say why the value is safe to log: `// {PREFIX} allow({}) <reason>`",
                    names.join(", ")
                ),
            ));
        }
        allows.push(Allow {
            line,
            rules,
            reason,
        });
    }
    (allows, drafts)
}

/// The reason of the comment that silences `draft`, if one does.
pub(crate) fn silencing<'a>(allows: &'a [Allow], draft: &Draft) -> Option<&'a Allow> {
    if !draft.rule.suppressible() {
        return None;
    }
    allows.iter().find(|allow| {
        (allow.line + 1 == draft.start.line || allow.line + 1 == draft.anchor)
            && allow.rules.contains(&draft.rule)
    })
}

fn rule_list() -> String {
    let ids: Vec<_> = Rule::ALL
        .iter()
        .filter(|rule| rule.suppressible())
        .map(|rule| rule.id())
        .collect();
    ids.join(", ")
}

#[cfg(test)]
mod tests {
    use super::allows;
    use crate::rules::Rule;
    use crate::source::Source;

    #[test]
    fn parses_allows_and_flags_bad_ones() {
        let text = "\
// safe-log: allow(debug-field) the id is a u64 newtype
    //   safe-log:allow( debug-field , display-field )   reviewed in #12
// safe-log: allow(debug-field)
// safe-log: allow(no-such-rule) why
// safe-log: allow() why
// safe-log: alow(debug-field) why
// safe-log: allow(bad-allow) why
// a comment that mentions safe-log: allow(x) is not a directive
let s = \"// safe-log: allow(x)\";
";
        let (allows, drafts) = allows(&Source::new(text), &[]);
        let lines: Vec<_> = allows
            .iter()
            .map(|a| (a.line, a.rules.clone(), a.reason.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, vec![Rule::DebugField], "the id is a u64 newtype"),
                (
                    2,
                    vec![Rule::DebugField, Rule::DisplayField],
                    "reviewed in #12"
                ),
                (3, vec![Rule::DebugField], ""),
            ]
        );
        let flagged: Vec<_> = drafts.iter().map(|d| (d.start.line, d.rule)).collect();
        assert_eq!(
            flagged,
            vec![
                (3, Rule::AllowWithoutReason),
                (4, Rule::BadAllow),
                (5, Rule::BadAllow),
                (6, Rule::BadAllow),
                (7, Rule::BadAllow),
            ]
        );
        assert_eq!(drafts[0].start.column, 1);
        assert!(
            drafts[1]
                .message
                .contains("`no-such-rule` is not a safe-log rule"),
            "{}",
            drafts[1].message
        );
    }
}
