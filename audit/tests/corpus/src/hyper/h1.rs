//! hyper's proto: calls through the crate's own wrappers.

use std::io;
use std::time::Duration;

use crate::types::{HyperError, Kind, Reason, State};

struct Ping {
    interval: Duration,
    timeout: Duration,
}

impl Ping {
    fn poll(&self, bytes: usize, rtt: Duration) {
        trace!("received BDP ack; bytes = {}, rtt = {:?}", bytes, rtt); // ok
        trace!("keep-alive interval ({:?}) reached", self.interval); // ok
        trace!("keep-alive timeout ({:?}) reached", self.timeout); // ok
    }
}

struct Decoder {
    kind: Kind,
}

impl Decoder {
    fn decode(&self, size: u64, rem: u64) {
        trace!("decode; state={:?}", self.kind); // decide: Kind
        trace!("Chunk size is {:?}", size); // ok
        trace!("Chunked read, remaining={:?}", rem); // ok
    }
}

struct Conn {
    state: State,
}

const LOG: &str = "client";

impl Conn {
    fn read(&self, e: io::Error, _e: HyperError, reason: Reason) {
        debug!(error = %_e, "connection error"); // ok
        debug!("stream received RST_STREAM: {:?}", reason); // decide: Reason
        trace!("found unexpected EOF on busy connection: {:?}", self.state); // decide: State
        trace!(error = %e, "force_io_read; io error"); // ok
        trace!("flushed({}): {:?}", LOG, self.state); // decide: State
        error!("Internal Hyper error, please report {:?}", _err_of(&e)); // ok
        let _entered = trace_span!("parse_headers", len = 42); // ok
    }
}

fn _err_of(e: &io::Error) -> &io::Error {
    e
}
