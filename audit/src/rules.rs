//! The rules the audit checks, with their ids, summaries and explanations.

use std::fmt;

/// One check of the audit. Its [`id`](Rule::id) is what a suppression comment
/// names and what every output format reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// `?x` or `k = ?x` in a tracing macro, `k:? = x` in a log macro, or a
    /// `tracing::field::debug(x)` value: the value's `Debug` output is logged.
    DebugField,
    /// `%x` or `k = %x` in a tracing macro, `k:% = x` or `k:err = x` in a log
    /// macro, or a `tracing::field::display(x)` value: the value's `Display`
    /// output is logged.
    DisplayField,
    /// `k:serde = x` or `k:sval = x` in a log macro: whatever the value's
    /// serializer produces is logged.
    SerdeField,
    /// `{:?}` or `{:#?}` (any `?` format spec) in the message of a tracing or
    /// log macro, or in a `format!` among its arguments.
    DebugFormat,
    /// `{:?}` in the format string of `println!`, `eprintln!`, `print!` or
    /// `eprint!`: ad-hoc logging to stdout or stderr.
    PrintDebugFormat,
    /// `#[instrument]` records function arguments with `Debug`.
    InstrumentArgs,
    /// `#[instrument(ret)]` or `#[instrument(err(Debug))]` records the return
    /// value or the error with `Debug`.
    InstrumentRet,
    /// A logged key, a field of a `derive(SafeLog)` record or an argument of
    /// `#[instrument]` whose name says it holds a secret (`password`,
    /// `api_key`, `auth_token`), written as it is.
    CredentialName,
    /// (`--strict`) a tracing or log event macro that has not been migrated to
    /// safe-log.
    UnmigratedEvent,
    /// A `// safe-log: allow(...)` comment without a reason.
    AllowWithoutReason,
    /// A `// safe-log:` comment that does not parse, or names no known rule.
    BadAllow,
    /// A `.rs` file that could not be read or parsed; it was skipped.
    UnparsedFile,
}

impl Rule {
    /// Every rule, in the order reports list them.
    pub const ALL: [Rule; 12] = [
        Rule::DebugField,
        Rule::DisplayField,
        Rule::SerdeField,
        Rule::DebugFormat,
        Rule::PrintDebugFormat,
        Rule::InstrumentArgs,
        Rule::InstrumentRet,
        Rule::CredentialName,
        Rule::UnmigratedEvent,
        Rule::AllowWithoutReason,
        Rule::BadAllow,
        Rule::UnparsedFile,
    ];

    /// The rule's id, in kebab case: `debug-field`.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Rule::DebugField => "debug-field",
            Rule::DisplayField => "display-field",
            Rule::SerdeField => "serde-field",
            Rule::DebugFormat => "debug-format",
            Rule::PrintDebugFormat => "print-debug-format",
            Rule::InstrumentArgs => "instrument-args",
            Rule::InstrumentRet => "instrument-ret",
            Rule::CredentialName => "credential-name",
            Rule::UnmigratedEvent => "unmigrated-event",
            Rule::AllowWithoutReason => "allow-without-reason",
            Rule::BadAllow => "bad-allow",
            Rule::UnparsedFile => "unparsed-file",
        }
    }

    /// The rule whose id is `id`, if there is one.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// One line saying what the rule finds.
    #[must_use]
    pub const fn summary(self) -> &'static str {
        match self {
            Rule::DebugField => "a log field formatted with Debug at run time",
            Rule::DisplayField => "a log field formatted with Display at run time",
            Rule::SerdeField => "a log field captured through serde or sval at run time",
            Rule::DebugFormat => "a Debug placeholder in a log message",
            Rule::PrintDebugFormat => "a Debug placeholder in println!/eprintln!/print!/eprint!",
            Rule::InstrumentArgs => "#[instrument] records function arguments with Debug",
            Rule::InstrumentRet => "#[instrument] records the return value or error with Debug",
            Rule::CredentialName => "a value logged under a name that says it holds a secret",
            Rule::UnmigratedEvent => {
                "a tracing or log event or span macro not migrated to safe-log"
            }
            Rule::AllowWithoutReason => "a safe-log allow comment without a reason",
            Rule::BadAllow => "a safe-log comment that names no known rule",
            Rule::UnparsedFile => "a source file that could not be read or parsed",
        }
    }

    /// Why the rule exists and what to do about a finding.
    #[must_use]
    pub const fn explanation(self) -> &'static str {
        match self {
            Rule::DebugField | Rule::DisplayField | Rule::SerdeField => {
                "The value is formatted when the event is emitted, so nothing checks at compile \
                 time that the sink can represent it: a raw enum, a map or a secret ends up in \
                 the logs, and a formatter that fails or panics takes the caller down with it. \
                 Log it with a safe_log macro instead, as a primitive or as a type that derives \
                 SafeLog."
            }
            Rule::DebugFormat => {
                "The placeholder puts the value's Debug output into the message at run time. \
                 Move the value into a field of a safe_log macro, where its type is checked at \
                 compile time, or format a log-safe value with `{}`."
            }
            Rule::PrintDebugFormat => {
                "println!/eprintln! with a Debug placeholder is ad-hoc logging: unstructured, \
                 unbounded and unchecked. Log through safe_log, or print a log-safe value."
            }
            Rule::InstrumentArgs => {
                "#[instrument] records every argument that is not skipped; an argument whose \
                 type is not a primitive is recorded with its Debug output. Write \
                 `#[safe_log::instrument]` instead: it takes the same options and records each \
                 argument by its log form, and an argument without one is a compile error that \
                 says to skip it. Or add `skip_all` (or `skip(...)`) and list log-safe values \
                 in `fields(...)`."
            }
            Rule::InstrumentRet => {
                "`ret` records the return value and `err(Debug)` the error with their Debug \
                 output. `#[safe_log::instrument]`'s `ret` records the value's log form and its \
                 `err` the error's chain of messages; or write `ret(Display)`/`err(Display)` \
                 for types whose Display is log-safe."
            }
            Rule::CredentialName => {
                "Types cannot tell a token from a user name: a `&str` or a `String` is log-safe \
                 whatever it holds. A key, a record field or an instrumented argument named like \
                 a credential (password, secret, token, api_key, authorization, cookie, \
                 session_id, private_key, credential, bearer, jwt) is written in clear. Add \
                 `#[safe_log(redact)]` or `skip` to the field, `skip(arg)` to the \
                 `#[instrument]`, log something derived from it (whether it is set, its length), \
                 or allow a reviewed exception with a reason."
            }
            Rule::UnmigratedEvent => {
                "tracing's and log's event macros accept any value through `?`, `%` and format \
                 strings. safe_log's macros take the same syntax without those escape hatches \
                 and check every value at compile time."
            }
            Rule::AllowWithoutReason => {
                "An allow comment records a decision; the reason is what a reviewer reads. Write \
                 it after the rule list: `// safe-log: allow(debug-field) the id is a u64 newtype`."
            }
            Rule::BadAllow => {
                "A comment that starts with `// safe-log:` must read \
                 `// safe-log: allow(<rule>[, <rule>...]) <reason>` with known rule ids."
            }
            Rule::UnparsedFile => {
                "The audit could not read or parse this file, so it could not check it. Files \
                 that are not Rust (templates, fixtures with deliberate syntax errors) can be \
                 excluded with a .ignore file."
            }
        }
    }

    /// Whether a `// safe-log: allow(...)` comment can silence the rule.
    /// Findings about the allow comments themselves cannot be silenced.
    #[must_use]
    pub const fn suppressible(self) -> bool {
        !matches!(self, Rule::AllowWithoutReason | Rule::BadAllow)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
        }
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        assert_eq!(Rule::from_id("debug_field"), None);
    }
}
