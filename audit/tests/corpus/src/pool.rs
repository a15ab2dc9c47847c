//! hyper-util's connection pool: `use tracing::{debug, trace};`.

use http::uri::{Authority, Scheme};
use tracing::{debug, trace};

type Key = (Scheme, Authority);

struct Pooled {
    key: Key,
    is_open: bool,
}

impl Pooled {
    fn put(&self, key: &Key, expiration: std::time::Instant) {
        trace!("HTTP/2 connecting already in progress for {:?}", key); // ok: a tuple of two items that are log-safe is a list
        debug!("reuse idle connection for {:?}", key); // ok: a tuple of two items that are log-safe is a list
        trace!("removing closed connection for {:?}", self.key); // ok: a tuple of two items that are log-safe is a list
        trace!("put; add idle connection for {:?}", key); // ok: a tuple of two items that are log-safe is a list
        trace!("take? {:?}: expiration = {:?}", self.key, expiration); // decide: Key, Instant
        trace!(is_open = ?self.is_open, "checked out"); // ok
    }
}
