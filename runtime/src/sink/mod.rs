//! Sinks: where a log-safe value goes besides tracing's own subscribers.
//! Each sink is one room; a new sink is a new file here that implements
//! [`Visitor`](crate::Visitor).
//!
//! - `serde`: [`Fields`](crate::Fields) as a `serde::Serialize` map of
//!   dotted keys (feature `serde`);
//! - `log_kv`: [`Fields`](crate::Fields) as `log`'s key-values (feature
//!   `log`);
//! - [`cloud`]: the Google Cloud Logging JSON layer for tracing (feature
//!   `cloud-logging`).

#[cfg(feature = "cloud-logging")]
pub mod cloud;
#[cfg(feature = "log")]
pub(crate) mod log_kv;
#[cfg(feature = "serde")]
mod serde;

/// Whether `safe_log::init()` routes `log` records into tracing: then an
/// event sent to tracing must not also go to `log` (`log-always`), or it
/// would be written twice.
#[cfg(feature = "log")]
#[inline]
pub(crate) fn log_bridged() -> bool {
    #[cfg(feature = "cloud-logging")]
    {
        cloud::LOG_BRIDGED.load(core::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(feature = "cloud-logging"))]
    {
        false
    }
}
