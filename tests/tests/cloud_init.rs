//! `safe_log::init()`: installs the global subscriber once, and says so
//! instead of panicking when one is already set.

#[test]
fn init_installs_once_and_then_returns_an_error() {
    let lost = safe_log::init().expect("no global subscriber yet");
    assert_eq!(lost.get(), 0);
    if std::env::var_os("RUST_LOG").is_none() {
        // The default filter is `info`.
        assert_eq!(
            tracing::level_filters::LevelFilter::current(),
            tracing::level_filters::LevelFilter::INFO
        );
        assert!(tracing::enabled!(tracing::Level::INFO));
        assert!(!tracing::enabled!(tracing::Level::DEBUG));
    }
    let error = safe_log::init().expect_err("a global subscriber is set");
    assert!(error.to_string().starts_with("safe_log::init: "), "{error}");
    safe_log::info!(still = "logging", "after a second init");
}
