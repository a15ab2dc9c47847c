//! An application that logs with `log` and `env_logger`, as many CLIs and
//! services do, and uses a library that logs with safe-log: the library's
//! events arrive through `env_logger` with their keys as key-values.
//!
//! `RUST_LOG=info cargo run -p safe-log --features log --example log_app`

use safe_log::SafeLog;

/// What the library logs.
#[derive(SafeLog)]
struct Job<'a> {
    id: u64,
    queue: &'a str,
    #[safe_log(redact)]
    token: &'a str,
}

/// The library: logs through safe-log, knows nothing of the application's
/// logger.
mod library {
    pub(super) fn run(job: &super::Job<'_>) {
        safe_log::info!(job, attempt = 1u8, "job started");
        let error = std::io::Error::other("disk full");
        safe_log::error!(job.id = job.id, error, "job failed");
    }
}

fn main() {
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .parse_default_env()
        .format_timestamp(None)
        .init();
    log::info!(version = "1.0"; "application started");
    library::run(&Job {
        id: 7,
        queue: "reindex",
        token: "s3cret",
    });
}
