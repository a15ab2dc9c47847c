// A value that is neither log-safe nor an error, at a call site: the error
// names `safe_log::display`, not field attributes.
pub struct Frame {
    pub opcode: u8,
}

fn main() {
    let frame = Frame { opcode: 1 };
    safe_log::error!(frame = &frame, "bad frame");
}
