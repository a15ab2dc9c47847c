//! With `log-always` and `safe_log::init()`, which routes `log` records into
//! tracing, an event is written once: it does not go to `log` and come back.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

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

#[test]
fn an_event_is_written_once_and_a_log_record_too() {
    let out = Out::default();
    let layer = safe_log::cloud::CloudLogging::builder()
        .writer(out.clone())
        .build();
    safe_log::init_with(layer).unwrap();
    safe_log::info!(n = 1u8, "once");
    log::info!("a record");
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].ends_with(r#""n":1,"message":"once"}"#), "{text}");
    assert!(lines[1].ends_with(r#""message":"a record"}"#), "{text}");
}
