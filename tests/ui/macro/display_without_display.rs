// `safe_log::display(&x)` on a type without `Display`: one error, rustc's own.
pub struct Frame {
    pub len: usize,
}

fn main() {
    let frame = Frame { len: 3 };
    safe_log::info!(frame = safe_log::display(&frame), "received");
}
