//! The keys that sinks reserve for themselves.
//!
//! The list lives in the proc-macro crate, which checks an event's keys at
//! compile time; this module takes it from there, so the two views are one.

/// Keys whose first segment sinks write themselves: `message`, and the
/// fields Google Cloud Logging takes out of a JSON line. A spread record's
/// key that would take one of them is written with a leading `_` instead.
pub const RESERVED_KEYS: &[&str] = safe_log_macros::__reserved!(keys);

/// The prefix of Cloud Logging's special fields.
pub const RESERVED_PREFIX: &str = safe_log_macros::__reserved!(prefix);

/// Whether `key` would collide with a key sinks reserve: its first segment
/// is reserved, or it is a Cloud Logging special field.
#[must_use]
pub fn is_reserved(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or(key);
    RESERVED_KEYS.contains(&first) || key.starts_with(RESERVED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::is_reserved;

    /// The proc macro's decision and the runtime's, on the same keys.
    macro_rules! agree {
        ($($key:literal)*) => {$(
            assert_eq!(
                is_reserved($key),
                safe_log_macros::__reserved!(is $key),
                "the proc macro and the runtime disagree on {:?}",
                $key,
            );
        )*};
    }

    #[test]
    fn the_proc_macro_and_the_runtime_reserve_the_same_keys() {
        agree! {
            "message" "message.x" "messages" "severity" "severity.level" "time"
            "timestamp" "timestampSeconds" "timestampNanos" "httpRequest"
            "httpRequest.status" "logging.googleapis.com/trace"
            "logging.googleapis.com/labels.x" "logging" "target" "spans" "diag.message"
            "" "x.time" "Time" "MESSAGE"
        }
        assert!(is_reserved("severity.level"));
        assert!(!is_reserved("diag.message"));
    }
}
