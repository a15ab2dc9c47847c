//! tungstenite: the `log` crate, glob-imported.

use log::*;

use crate::types::{CloseFrame, OpCode};

fn parse(head: [u8; 2], opcode: OpCode, masked: bool, close: Option<CloseFrame>, req: Vec<u8>) {
    trace!("Parsed headers {head:?}"); // decide: [u8; 2]
    trace!("Opcode: {opcode:?}"); // decide: OpCode
    trace!("Masked: {masked:?}"); // ok
    debug!("Received close frame: {close:?}"); // decide: CloseFrame
    trace!("Request: {:?}", String::from_utf8_lossy(&req)); // ok
    log::debug!("Redirecting to {}", "https://example.com/"); // ok
    warn!("closing after {} frames", req.len()); // ok
}
