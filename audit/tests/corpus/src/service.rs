//! A WebSocket service's handler: the incident's code path.

use std::net::SocketAddr;

use tracing::{Level, error, info, info_span, instrument, warn};

use crate::types::{HyperError, WebSocketState};

struct Handler {
    conn_id: u64,
    state: WebSocketState,
    peer: SocketAddr,
}

impl Handler {
    #[instrument(skip(self), fields(conn_id = self.conn_id, peer = %self.peer), err)]
    fn on_message(&mut self, len: usize) -> Result<(), HyperError> { // ok
        info!(conn_id = self.conn_id, len, "message"); // ok
        warn!(state = ?self.state, "unexpected message"); // decide: WebSocketState
        Err(HyperError)
    }

    #[tracing::instrument(level = "debug", skip_all, err(Debug))]
    fn close(&mut self, code: u16) -> Result<(), HyperError> { // ok
        let span = info_span!("close", conn_id = self.conn_id, code); // ok
        let _guard = span.enter();
        tracing::event!(Level::INFO, code, peer = %self.peer, "closing"); // ok
        Ok(())
    }

    fn on_error(&self, e: HyperError) {
        error!(error = %e, conn_id = self.conn_id, "handler failed"); // ok
        error!(?e, "handler failed"); // ok
        tracing::error!(error = tracing::field::display(&e), "handler failed"); // ok
        error!("handler failed: {:?} (state {:?})", e, self.state); // decide: WebSocketState
    }
}
