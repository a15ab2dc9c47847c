//! hyper-util's client: errors, http types, socket addresses.

use std::net::SocketAddr;

use http::uri::PathAndQuery;
use http::{Uri, Version};
use tracing::{debug, trace, warn};

use crate::types::HyperError;

fn connect(addr: SocketAddr, e: std::io::Error) {
    trace!("connect error for {}: {:?}", addr, e); // ok
}

fn send(e: HyperError, err: HyperError, ver: Version, uri: &Uri, path: &PathAndQuery) {
    debug!("client connection error: {:?}", e); // ok
    trace!("received connection error: {:?}", err); // ok
    warn!("Request has unsupported version \"{:?}\"", ver); // ok
    warn!("HTTP/1.1 CONNECT request stripping path: {:?}", path); // ok
    debug!("Client requires absolute-form URIs, received: {:?}", uri); // ok
    debug!(uri = %uri, version = ?ver, "sending request"); // ok
}
