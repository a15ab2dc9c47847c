// An `Option` of a type without a log form: the error names the type inside.
#[derive(Debug)]
pub enum Frame {
    Ping,
}

fn main() {
    let last: Option<Frame> = Some(Frame::Ping);
    safe_log::warn!(frame = &last, "connection closed");
}
