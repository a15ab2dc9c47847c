// An array of bytes has no log form: one error, on the value.
fn main() {
    let code = [3u8, 232];
    safe_log::info!(close = &code, "closed");
}
