//! A `log` application with `env_logger` receives safe-log's events, with
//! their keys as key-values, filtered by `env_logger`'s own directives.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use safe_log::SafeLog;

#[derive(Clone, Default)]
struct Out(Arc<Mutex<Vec<u8>>>);

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(SafeLog)]
struct Job<'a> {
    id: u64,
    queue: &'a str,
}

#[test]
fn env_logger_prints_events_with_their_key_values() {
    let out = Out::default();
    env_logger::Builder::new()
        .parse_filters("info,quiet=off")
        .format_timestamp(None)
        .target(env_logger::Target::Pipe(Box::new(out.clone())))
        .init();
    let job = Job {
        id: 7,
        queue: "reindex",
    };
    log::info!("from log");
    safe_log::info!(job = &job, "from safe_log");
    safe_log::debug!(job = &job, "below the level");
    safe_log::warn!(target: "quiet", job = &job, "filtered out by target");
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "[INFO  log_env_logger] from log",
            "[INFO  log_env_logger] from safe_log job.id=7 job.queue=reindex",
        ]
    );
}
