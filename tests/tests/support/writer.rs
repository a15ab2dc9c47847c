//! Writers for the Cloud Logging tests.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

/// An in-memory writer shared with the test.
#[derive(Clone, Default)]
pub struct Shared(pub Arc<Mutex<Vec<u8>>>);

impl Shared {
    pub fn text(&self) -> String {
        String::from_utf8(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        )
        .expect("the layer writes UTF-8")
    }

    /// Every line, parsed; panics on a line that is not one JSON object.
    pub fn lines(&self) -> Vec<serde_json::Value> {
        let text = self.text();
        assert!(
            text.is_empty() || text.ends_with('\n'),
            "a line is cut: {text:?}"
        );
        text.lines()
            .map(|line| {
                let value: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                assert!(value.is_object(), "{line}");
                value
            })
            .collect()
    }
}

impl io::Write for Shared {
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

/// A writer whose every write fails, as a closed pipe does.
pub struct Broken;

impl io::Write for Broken {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
    }
}
