//! Events to `log` (feature `log`): an application that logs with `log`
//! (`env_logger`, a CLI's logger) receives safe-log's events as `log`
//! records, with their flattened keys as the record's key-values.
//!
//! As tracing's own `log` feature does: an event goes to `log` when no
//! tracing dispatcher has ever been set in the process (with the feature
//! `log-always`, in every case), and only once `log::max_level()` and the
//! logger's `enabled` say yes, before any argument is evaluated.

#[cfg(feature = "log")]
mod imp {
    use core::fmt;

    use log::kv::{self, Source, VisitSource};
    use tracing_core::Level;

    use crate::emit::args::ArgValues;
    use crate::emit::callsite::EventCallsite;
    use crate::emit::site::SiteInfo;
    use crate::sink::log_kv::visit_pairs;

    /// `log`'s level for tracing's.
    fn level(level: Level) -> log::Level {
        match level {
            Level::ERROR => log::Level::Error,
            Level::WARN => log::Level::Warn,
            Level::INFO => log::Level::Info,
            Level::DEBUG => log::Level::Debug,
            _ => log::Level::Trace,
        }
    }

    /// Whether `log` can want an event at `level`: the compile-time
    /// maximum, no tracing dispatcher (unless `log-always`), and the
    /// current maximum of the logger. Loads and compares only.
    #[inline]
    pub(crate) fn level_enabled(at: Level) -> bool {
        let at = level(at);
        // The logger's level first: what a disabled event fails on.
        at <= log::STATIC_MAX_LEVEL
            && at <= log::max_level()
            && (!tracing_core::dispatcher::has_been_set()
                || cfg!(feature = "log-always") && !crate::sink::log_bridged())
    }

    /// Whether the logger wants the event of this call site, once
    /// [`level_enabled`] said it can.
    #[inline]
    pub(crate) fn wants(info: &SiteInfo) -> bool {
        let meta = log::Metadata::builder()
            .level(level(info.level))
            .target(info.target)
            .build();
        log::logger().enabled(&meta)
    }

    /// Logs the event as one `log` record: its flattened keys as
    /// key-values, the message as the record's text.
    pub(crate) fn emit<A: ArgValues>(
        info: &SiteInfo,
        cs: &'static EventCallsite,
        args: &A,
        message: Option<fmt::Arguments<'_>>,
    ) {
        let kvs = EventKvs { cs, args };
        let log = |text: fmt::Arguments<'_>| {
            log::logger().log(
                &log::Record::builder()
                    .level(level(info.level))
                    .target(info.target)
                    .module_path_static(Some(info.module_path))
                    .file_static(Some(info.file))
                    .line(Some(info.line))
                    .key_values(&kvs)
                    .args(text)
                    .build(),
            );
        };
        match message {
            Some(message) => log(message),
            None => log(format_args!("")),
        }
    }

    /// An event's arguments as key-values, under the callsite's field
    /// names.
    struct EventKvs<'a, A> {
        cs: &'static EventCallsite,
        args: &'a A,
    }

    impl<A: ArgValues> Source for EventKvs<'_, A> {
        fn visit<'kvs>(&'kvs self, visitor: &mut dyn VisitSource<'kvs>) -> Result<(), kv::Error> {
            visit_pairs(self.cs.names(), visitor, |pairs| {
                self.args.visit_log_all(self.cs.starts(), pairs);
            })
        }

        fn count(&self) -> usize {
            // Fields other than the message; absent values make it an
            // upper bound, which `Source::count` allows.
            self.cs
                .names()
                .len()
                .saturating_sub(usize::from(self.cs.names().first() == Some(&"message")))
        }
    }
}

#[cfg(not(feature = "log"))]
mod imp {
    use core::fmt;

    use tracing_core::Level;

    use crate::emit::args::ArgValues;
    use crate::emit::callsite::EventCallsite;
    use crate::emit::site::SiteInfo;

    #[inline]
    pub(crate) const fn level_enabled(_: Level) -> bool {
        false
    }

    #[inline]
    pub(crate) const fn wants(_: &SiteInfo) -> bool {
        false
    }

    #[inline]
    pub(crate) fn emit<A: ArgValues>(
        _: &SiteInfo,
        _: &'static EventCallsite,
        _: &A,
        _: Option<fmt::Arguments<'_>>,
    ) {
    }
}

pub(crate) use imp::{emit, level_enabled, wants};
