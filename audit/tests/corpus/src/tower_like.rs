//! tower's balance and hedge: `%error`, `{ %error }`.

use std::time::Duration;

use tracing::{debug, error, trace};

use crate::types::BoxError;

fn endpoints(error: BoxError, delta: Duration, read: &[u64]) {
    debug!(%error, "dropping failed endpoint"); // ok
    trace!("Time since last rotation is {:?}.  clearing!", delta); // ok
    trace!("Rotated {:?} points into read", read.len()); // ok
    error!("Failed to write to hedge histogram: {:?}", error); // ok
}

fn worker(error: BoxError) {
    tracing::debug!({ %error }, "service failed"); // ok
}
