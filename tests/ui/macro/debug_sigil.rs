#[derive(Debug)]
pub struct Frame {
    pub len: usize,
}

fn main() {
    let frame = Frame { len: 3 };
    safe_log::error!(?frame, "bad frame");
    safe_log::error!(frame = ?frame, "bad frame");
}
